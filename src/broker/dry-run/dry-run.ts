import type { Catalog } from "../../catalog/catalog.js";
import type { Records } from "../../state/records.js";
import type { Previewer } from "../../workspace/preview.js";
import type { TerraformEvent } from "../../terraform/types.js";
import type { PlanResourceChange } from "../../terraform/plan-summary.js";
import { describeChange, describeDestructive, destructiveStatefulChanges } from "../../broker/stateful-resources.js";
import { providerDestructiveUpdates } from "../../broker/destructive-update-rules.js";
import { credentialNames } from "./credential-names.js";
import { resolveDryRun, type DryRunRequest, type ResolvedDryRun } from "./dry-run-request.js";
import { reportResources, type PlanReport, type PlanTarget, type PlanWarning } from "./plan-report.js";
import type { CloudRouting } from "../../cloud/cloud-routing.js";

export { DryRunError, type DryRunRequest } from "./dry-run-request.js";
import { DryRunError } from "./dry-run-request.js";

/** Extra warnings for a plan (e.g. the simulator's quotas); never throws for a plan it cannot judge. */
export type WarningSource = (
  changes: readonly PlanResourceChange[],
  resolved: ResolvedDryRun,
) => Promise<PlanWarning[]>;

/** Options of {@link createDryRun}. */
export interface DryRunOptions {
  readonly catalog: Catalog;
  readonly records: Records;
  readonly previewer: Previewer;
  /** What the previewer's terraform plans against (said in every report). */
  readonly target: (plan: ResolvedDryRun["plan"]) => PlanTarget;
  readonly warnings?: WarningSource;
  /** The broker's cloud routing: a create is planned on the cloud the broker would choose for it. */
  readonly clouds?: CloudRouting;
}

/** Options of one dry-run. */
export interface DryRunRunOptions {
  readonly onEvent?: (event: TerraformEvent) => void;
  readonly signal?: AbortSignal;
  /** Called once the request is validated, before terraform starts. */
  readonly onResolved?: (resolved: ResolvedDryRun) => void;
}

/**
 * The dry-run: validates a provision or update request exactly as the broker would (same schemas,
 * defaults and error text), plans it with terraform against the instance's stored state (none for a
 * create) through the read-only previewer, and reports what would be created, changed, replaced or
 * destroyed, the credential names a binding would get, warnings, and whether the broker would refuse
 * the update (422). Throws DryRunError for a request the broker would answer 400 (or 404).
 */
export interface DryRun {
  run(request: DryRunRequest, options?: DryRunRunOptions): Promise<PlanReport>;
}

export function createDryRun(options: DryRunOptions): DryRun {
  const { catalog } = options;
  return {
    async run(request, runOptions = {}) {
      const resolved = await resolveDryRun(catalog, options.records, request);
      runOptions.onResolved?.(resolved);
      const { plan, service, instance } = resolved;
      // A create runs where the broker would put it (an existing instance: on its recorded cloud).
      const cloud = instance === undefined ? routedCloud(options.clouds, resolved, request) : undefined;
      const preview = await options.previewer.previewInstance({
        ...(cloud === undefined ? {} : { cloud }),
        instanceId: resolved.instanceId,
        plan,
        values: resolved.values,
        secrets: instance?.secrets,
        onEvent: runOptions.onEvent,
        signal: runOptions.signal,
      });
      const definition = catalog.stackFor(plan);
      const destructive = destructiveStatefulChanges(definition, preview.changes, providerDestructiveUpdates());
      const { resources, summary } = reportResources(preview.changes, new Set(destructive.map((c) => c.address)));
      const warnings: PlanWarning[] = destructive.map((c) => ({
        kind: "stateful",
        address: c.address,
        message:
          c.inPlace !== undefined
            ? `${describeChange(c)}: its data would be lost`
            : `${c.action === "delete" ? "deletes" : "replaces"} ${c.address}, which holds data: it would be lost${c.replacedBecauseOf?.length ? ` (${c.replacedBecauseOf.join(", ")} forces replacement)` : ""}`,
      }));
      warnings.push(...((await options.warnings?.(preview.changes, resolved).catch(() => [])) ?? []));
      const refusals = [...resolved.refusals];
      if (resolved.kind === "update" && !resolved.allowReplace && destructive.length > 0)
        refusals.push(describeDestructive(destructive));
      const previousPlan = instance === undefined ? undefined : catalog.planById(instance.planId);
      return {
        format_version: 1,
        kind: resolved.kind,
        instance_id: resolved.instanceId,
        service: { id: service.id, name: service.name },
        plan: { id: plan.id, name: plan.name },
        ...(instance === undefined
          ? {}
          : { previous_plan: { id: instance.planId, name: previousPlan?.name ?? instance.planId } }),
        target: options.target(plan),
        parameters: resolved.values,
        has_changes: preview.hasChanges,
        summary,
        resources,
        credentials: credentialNames(catalog, plan),
        warnings,
        refused: resolved.kind === "update" && refusals.length > 0 ? { status: 422, description: refusals[0] } : null,
      };
    },
  };
}

/** The cloud a new instance would get; cloud routing's refusal (the broker's 400: a cloud the plan does not allow) as a DryRunError. */
function routedCloud(
  routing: CloudRouting | undefined,
  resolved: ResolvedDryRun,
  request: DryRunRequest,
): string | undefined {
  if (routing === undefined) return undefined;
  const context = request.context as { organization_guid?: string; space_guid?: string } | undefined;
  try {
    return routing.choose({
      plan: resolved.plan,
      requested: resolved.requestedCloud,
      context: request.context,
      organizationGuid: context?.organization_guid,
      spaceGuid: context?.space_guid,
    });
  } catch (error) {
    throw new DryRunError("parameters", (error as Error).message);
  }
}
