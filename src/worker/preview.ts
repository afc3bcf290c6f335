import type { Catalog } from "../catalog/catalog.js";
import type { PlanDefinition } from "../catalog/types.js";
import type { StackOutput } from "../synth/synthesize.js";
import type { StackPlanResult, StackRunner } from "./stack-run.js";
import type { TerraformEvent } from "../terraform/types.js";

export interface PreviewerOptions {
  readonly catalog: Catalog;
  readonly stacks: StackRunner;
  /** Limit for one preview. Default 5 minutes. */
  readonly timeoutMs?: number;
}

export interface InstancePreviewRequest {
  readonly instanceId: string;
  readonly plan: PlanDefinition;
  readonly values: Readonly<Record<string, unknown>>;
  readonly secrets?: Readonly<Record<string, string>>;
  /** Plan a deprovision instead. */
  readonly destroy?: boolean;
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
  return {
    previewInstance(request) {
      return options.stacks.plan({
        synth: {
          definition: options.catalog.stackFor(request.plan),
          service: options.catalog.serviceOf(request.plan),
          plan: request.plan,
          kind: "instance",
          values: request.values,
          instanceId: request.instanceId,
          secrets: request.secrets ?? placeholderSecrets(options.catalog.stackFor(request.plan).secrets?.instance),
        },
        ref: { instanceId: request.instanceId },
        destroy: request.destroy,
        deadline: Date.now() + timeoutMs,
        onEvent: request.onEvent,
        signal: request.signal,
      });
    },
    previewBinding(request) {
      return options.stacks.plan({
        synth: {
          definition: options.catalog.stackFor(request.plan),
          service: options.catalog.serviceOf(request.plan),
          plan: request.plan,
          kind: "binding",
          values: request.values,
          instanceId: request.instanceId,
          bindingId: request.bindingId,
          instanceOutputs: request.instanceOutputs,
          secrets: request.secrets ?? placeholderSecrets(options.catalog.stackFor(request.plan).secrets?.binding),
        },
        ref: { instanceId: request.instanceId, bindingId: request.bindingId },
        destroy: request.destroy,
        deadline: Date.now() + timeoutMs,
        onEvent: request.onEvent,
        signal: request.signal,
      });
    },
  };
}

/** A preview of a new instance has no secrets yet: placeholders stand in (sensitive, never shown). */
function placeholderSecrets(names: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries((names ?? []).map((name) => [name, "preview-placeholder-secret-0000000"]));
}
