import { synthesizeService, type SynthesizeServiceOptions } from "./service-harness.js";
import {
  createStackWorkspace,
  outputValues,
  type ResourceChange,
  type StackWorkspaceOptions,
} from "./stack-workspace.js";

/** Options of {@link runServiceLifecycle}. */
export interface ServiceLifecycleOptions
  extends Omit<SynthesizeServiceOptions, "kind" | "instanceOutputs">,
    Pick<StackWorkspaceOptions, "env" | "runner"> {
  /** Bind parameters (validated against the plan's bind schema). Default: none. */
  readonly bindParameters?: Readonly<Record<string, unknown>>;
  /** Called after provision with the instance outputs, before bind. */
  readonly onProvisioned?: (instanceOutputs: Record<string, unknown>) => void | Promise<void>;
  /** Called after bind with the credentials, before unbind (inspect the simulated cloud here). */
  readonly onBound?: (credentials: Record<string, unknown>) => void | Promise<void>;
  /** Called after unbind, before deprovision. */
  readonly onUnbound?: () => void | Promise<void>;
}

/** What a lifecycle observed. */
export interface ServiceLifecycleResult {
  /** `show -json` resource changes of the first instance plan. */
  readonly instancePlan: readonly ResourceChange[];
  /** Whether a second plan after apply still had changes (it should not). */
  readonly instanceDriftAfterApply: boolean;
  /** The changes of that second plan other than no-ops (`address: actions`), to explain a drift. */
  readonly instanceDrift: readonly string[];
  readonly instanceOutputs: Record<string, unknown>;
  /** Binding outputs plus the instance outputs the definition and plan mark as credentials; absent when not bindable. */
  readonly credentials?: Record<string, unknown>;
}

/**
 * Provision → bind → unbind → deprovision with real terraform, the way the broker runs it: the
 * instance stack is validated, planned, applied; its outputs feed the binding stack; credentials are
 * the binding outputs plus the instance outputs listed as credentials. Working directories are
 * removed at the end, also on failure
 * (after a failure nothing is destroyed: the simulated cloud of the test is thrown away instead).
 */
export async function runServiceLifecycle(options: ServiceLifecycleOptions): Promise<ServiceLifecycleResult> {
  const instance = await synthesizeService({ ...options, kind: "instance" });
  const workspace = await createStackWorkspace(instance, options);
  try {
    await workspace.validate();
    const plan = await workspace.plan();
    await workspace.apply();
    const second = await workspace.plan();
    const drift = second.resourceChanges
      .filter((c) => c.actions.join() !== "no-op")
      .map((c) => `${c.address}: ${c.actions.join("+")}`);
    // terraform leaves null outputs out of `output -json`: a declared output that is absent is null.
    const instanceOutputs = {
      ...Object.fromEntries(instance.outputs.map((name) => [name, null])),
      ...outputValues(await workspace.output()),
    };
    await options.onProvisioned?.(instanceOutputs);
    let credentials: Record<string, unknown> | undefined;
    const { plan: planDef, definition } = instance.entry;
    const fromInstance = [...(definition.credentials ?? []), ...planDef.credentials];
    if (planDef.bindable !== false && definition.binding) {
      const binding = await synthesizeService({
        ...options,
        parameters: options.bindParameters,
        kind: "binding",
        instanceOutputs,
      });
      const bindingWorkspace = await createStackWorkspace(binding, options);
      try {
        await bindingWorkspace.validate();
        await bindingWorkspace.apply();
        credentials = { ...pick(instanceOutputs, fromInstance), ...outputValues(await bindingWorkspace.output()) };
        await options.onBound?.(credentials);
        await bindingWorkspace.destroy();
        await options.onUnbound?.();
      } finally {
        await bindingWorkspace.dispose();
      }
    } else if (planDef.bindable !== false) {
      // No binding stack: a binding's credentials are the instance outputs listed as credentials.
      credentials = pick(instanceOutputs, fromInstance);
      await options.onBound?.(credentials);
      await options.onUnbound?.();
    }
    await workspace.destroy();
    return {
      instancePlan: plan.resourceChanges,
      instanceDriftAfterApply: second.hasChanges,
      instanceDrift: drift,
      instanceOutputs,
      ...(credentials ? { credentials } : {}),
    };
  } finally {
    await workspace.dispose();
  }
}

function pick(values: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((n) => n in values).map((n) => [n, values[n]]));
}
