import { TerraformError } from "../terraform/types.js";
import type { Catalog } from "../catalog/catalog.js";
import type { PlanDefinition } from "../domain/service-catalog.js";
import type { PlanReport, PlanTarget } from "./dry-run/plan-report.js";
import { DryRunError, type DryRun } from "./dry-run/dry-run.js";
import { BrokerError } from "../domain/errors.js";
import type { BrokerDeps } from "./broker-deps.js";
import { checkId } from "./request-checks.js";
import { previewRefusal } from "./preview-refusals.js";

/** The body of `POST /x-preview/service_instances/:id`, decoded (types checked by the HTTP layer). */
export interface PreviewDetails {
  readonly service_id?: string;
  readonly plan_id?: string;
  readonly parameters?: unknown;
  readonly context?: unknown;
}

/**
 * The broker's extension of the OSB API: the dry-run over HTTP (docs/cli.md, "HTTP preview").
 * Beside {@link ServiceBroker} (src/domain/service-broker.ts), not in it: no OSB platform calls it.
 */
export interface BrokerPreview {
  /**
   * What a provision (an instance that does not exist) or an update (one that does) would do, as
   * `openstack-broker plan --json` reports it. Writes nothing. Rejects with `BrokerError`: 400 invalid
   * request (the broker's own text, prefixed with the field), 404 unknown instance for an update, 422
   * terraform could not plan (or not within PREVIEW_TIMEOUT_SECONDS), 429 too many previews at once.
   */
  preview(instanceId: string, details: PreviewDetails): Promise<PlanReport>;
}

/** What {@link preview} uses: the records (does the instance exist?) and the broker's dry-run. */
export type PreviewDeps = Pick<BrokerDeps, "records"> & { readonly dryRun: DryRun };

const FIELDS = {
  service: "service_id",
  plan: "plan_id",
  parameters: "parameters",
  context: "context",
  instance: "instance_id",
} as const;

/** {@link BrokerPreview.preview} over the broker's dry-run (its terraform plans go through the preview pool). */
export async function preview(deps: PreviewDeps, instanceId: string, details: PreviewDetails): Promise<PlanReport> {
  checkId(instanceId, "instance_id");
  const exists = await deps.records.getInstance(instanceId);
  const update = exists !== undefined && !exists.deleted;
  try {
    return await deps.dryRun.run({
      ...(update ? { instance: instanceId } : { instanceId }),
      service: details.service_id,
      plan: details.plan_id,
      parameters: details.parameters ?? undefined,
      context: details.context ?? undefined,
    });
  } catch (error) {
    if (error instanceof DryRunError) {
      throw new BrokerError(
        error.status,
        error.field === "parameters" ? error.message : `${FIELDS[error.field]}: ${error.message}`,
      );
    }
    const refusal = previewRefusal(error, "request");
    if (refusal !== undefined) throw refusal;
    if (error instanceof TerraformError)
      throw new BrokerError(422, `terraform could not plan this request: ${error.message}`);
    throw error;
  }
}

/** A preview target without a word on the simulator: OpenStack stacks plan on "the broker's configured OpenStack cloud". */
export function configuredCloudTarget(catalog: Catalog): (plan: PlanDefinition) => PlanTarget {
  return (plan) =>
    catalog.stackFor(plan).providers?.includes("openstack")
      ? { kind: "cloud", description: "the broker's configured OpenStack cloud" }
      : { kind: "none", description: "terraform built-ins only (no cloud needed)" };
}
