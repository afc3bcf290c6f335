import type { Catalog } from "../catalog/catalog.js";
import type { PlanDefinition } from "../domain/service-catalog.js";
import type { StackOutput } from "../synth/synthesize.js";
import type { TerraformEvent } from "../terraform/types.js";
import type { Records } from "../state/records.js";
import type { StackSpec } from "./stack-synth.js";
import type { StackRuns } from "./stack-runs.js";
import type { WorkspacePlanResult } from "./workspace-runner.js";

export interface PreviewerOptions {
  readonly catalog: Catalog;
  /** The stack runs (their cloud targets resolve a cloud name to provider settings, env and files). */
  readonly stacks: StackRuns;
  /** Limit for one preview. Default 5 minutes (the broker's runtime sets PREVIEW_TIMEOUT_SECONDS). */
  readonly timeoutMs?: number;
  /**
   * Plans run on the instance's cloud: its record's `cloud` (or the request's, for an instance not
   * yet provisioned). Absent: the request's cloud.
   */
  readonly records?: Pick<Records, "getInstance">;
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
  previewInstance(request: InstancePreviewRequest): Promise<PreviewResult>;
  previewBinding(request: BindingPreviewRequest): Promise<PreviewResult>;
}

/** What a preview found: the plan's changes and the stack's output names. */
export type PreviewResult = WorkspacePlanResult;

export function createPreviewer(options: PreviewerOptions): Previewer {
  const timeoutMs = options.timeoutMs ?? 300_000;
  // The instance's recorded cloud (never the request's when a record exists: a cloud never changes).
  const cloudOf = async (request: InstancePreviewRequest): Promise<string | undefined> => {
    const record = await options.records?.getInstance(request.instanceId);
    return record !== undefined && !record.deleted ? record.cloud : request.cloud;
  };
  const preview = async (request: InstancePreviewRequest, spec: StackSpec): Promise<PreviewResult> =>
    options.stacks.plan(spec, await cloudOf(request), {
      destroy: request.destroy,
      deadline: Date.now() + timeoutMs,
      onEvent: request.onEvent,
      signal: request.signal,
    });
  const secrets = (request: InstancePreviewRequest, kind: "instance" | "binding") =>
    request.secrets ?? placeholderSecrets(options.catalog.stackFor(request.plan).secrets?.[kind]);
  return {
    previewInstance: (request) =>
      preview(request, {
        plan: request.plan,
        kind: "instance",
        values: request.values,
        instanceId: request.instanceId,
        secrets: secrets(request, "instance"),
      }),
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
