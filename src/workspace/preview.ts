import type { Catalog } from "../catalog/catalog.js";
import type { PlanDefinition } from "../catalog/types.js";
import type { StackOutput } from "../synth/synthesize.js";
import type { StackPlanResult, StackRunner } from "./stack-run.js";
import { stackSynth, type StackSpec } from "./stack-synth.js";
import type { TerraformEvent } from "../terraform/types.js";
import type { Records } from "../state/records.js";
import type { CloudRun, CloudTargets } from "../cloud/cloud-routing-terraform.js";

export interface PreviewerOptions {
  readonly catalog: Catalog;
  readonly stacks: StackRunner;
  /** Limit for one preview. Default 5 minutes. */
  readonly timeoutMs?: number;
  /**
   * Plans run on the instance's cloud: its record's `cloud` (or the request's, for an instance not
   * yet provisioned), resolved to provider settings and env. Absent: the runner's global settings.
   */
  readonly clouds?: {
    readonly records: Pick<Records, "getInstance">;
    readonly targets: Pick<CloudTargets, "forCloud">;
  };
}

export interface InstancePreviewRequest {
  readonly instanceId: string;
  readonly plan: PlanDefinition;
  readonly values: Readonly<Record<string, unknown>>;
  readonly secrets?: Readonly<Record<string, string>>;
  /** Plan a deprovision instead. */
  readonly destroy?: boolean;
  /** The cloud of an instance that has no record yet (a provision's dry-run); a record's cloud wins. */
  readonly cloud?: string;
  readonly onEvent?: (event: TerraformEvent) => void;
  readonly signal?: AbortSignal;
}

export interface BindingPreviewRequest extends InstancePreviewRequest {
  readonly bindingId: string;
  readonly instanceOutputs: Readonly<Record<string, StackOutput>>;
}

/**
 * Read-only terraform plans of instance and binding stacks against their current state (none for a
 * new instance): what a request would create, change, replace or destroy. Used by the broker to refuse
 * destructive updates and by the dry-run CLI and HTTP preview. A preview writes nothing: it plans with
 * `-lock=false` and its working directory is removed afterwards.
 */
export interface Previewer {
  previewInstance(request: InstancePreviewRequest): Promise<StackPlanResult>;
  previewBinding(request: BindingPreviewRequest): Promise<StackPlanResult>;
}

export function createPreviewer(options: PreviewerOptions): Previewer {
  const timeoutMs = options.timeoutMs ?? 300_000;
  // The instance's recorded cloud (never the request's when a record exists: a cloud never changes).
  const cloudRun = async (request: InstancePreviewRequest): Promise<CloudRun> => {
    if (options.clouds === undefined) return {};
    const record = await options.clouds.records.getInstance(request.instanceId);
    return options.clouds.targets.forCloud(record !== undefined && !record.deleted ? record.cloud : request.cloud);
  };
  const preview = async (request: InstancePreviewRequest, spec: StackSpec): Promise<StackPlanResult> =>
    options.stacks.plan({
      ...(await cloudRun(request)),
      synth: stackSynth(options.catalog, spec),
      ref: { instanceId: spec.instanceId, bindingId: spec.bindingId },
      destroy: request.destroy,
      deadline: Date.now() + timeoutMs,
      onEvent: request.onEvent,
      signal: request.signal,
    });
  const secrets = (request: InstancePreviewRequest, kind: "instance" | "binding") =>
    request.secrets ?? placeholderSecrets(options.catalog.stackFor(request.plan).secrets?.[kind]);
  return {
    previewInstance: (request) =>
      preview(request, { plan: request.plan, kind: "instance", values: request.values, instanceId: request.instanceId, secrets: secrets(request, "instance") }),
    previewBinding: (request) =>
      preview(request, {
        plan: request.plan,
        kind: "binding",
        values: request.values,
        instanceId: request.instanceId,
        bindingId: request.bindingId,
        instanceOutputs: request.instanceOutputs,
        secrets: secrets(request, "binding"),
      }),
  };
}

/** A preview of a new instance has no secrets yet: placeholders stand in (sensitive, never shown). */
function placeholderSecrets(names: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries((names ?? []).map((name) => [name, "preview-placeholder-secret-0000000"]));
}
