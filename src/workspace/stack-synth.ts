import type { Catalog } from "../catalog/catalog.js";
import type { PlanDefinition } from "../domain/service-catalog.js";
import type { StackOutput, SynthesizeOptions } from "../synth/synthesize.js";
import type { BindingRecord, InstanceRecord } from "../state/records.js";

/** What a workspace synthesizes: everything but the backend and providers (the workspace's). */
export type StackSynth = Omit<SynthesizeOptions, "backend" | "providers">;

/** One instance or binding stack of a plan, with the values it gets (the request side of synthesis). */
export type StackSpec = Pick<
  SynthesizeOptions,
  "plan" | "kind" | "values" | "instanceId" | "bindingId" | "instanceOutputs" | "secrets"
>;

/** The synthesis options of a stack: the plan's construct and service from the catalog, plus `spec`. */
export function stackSynth(catalog: Catalog, spec: StackSpec): StackSynth {
  return { ...spec, definition: catalog.stackFor(spec.plan), service: catalog.serviceOf(spec.plan) };
}

/** A plan by id; the error names it when the catalog no longer has it. */
export function planOf(catalog: Catalog, planId: string): PlanDefinition {
  const plan = catalog.planById(planId);
  if (plan === undefined) throw new Error(`plan ${planId} is no longer in the catalog`);
  return plan;
}

/** The instance stack of a record, as it would be with `target` (an update's plan and values). */
export function instanceStackSpec(
  catalog: Catalog,
  instance: InstanceRecord,
  target: { readonly planId: string; readonly values: Readonly<Record<string, unknown>> } = {
    planId: instance.planId,
    values: instance.values,
  },
): StackSpec {
  return {
    plan: planOf(catalog, target.planId),
    kind: "instance",
    values: target.values,
    instanceId: instance.id,
    secrets: instance.secrets,
  };
}

/** The binding stack of a record (it reads its instance's outputs). */
export function bindingStackSpec(catalog: Catalog, instance: InstanceRecord, binding: BindingRecord): StackSpec {
  return {
    plan: planOf(catalog, binding.planId),
    kind: "binding",
    values: binding.values,
    instanceId: instance.id,
    bindingId: binding.id,
    instanceOutputs: instance.outputs as Record<string, StackOutput>,
    secrets: binding.secrets,
  };
}

/** Whether a plan's stack defines a binding stack (false for a plan no longer in the catalog). */
export function hasBindingStack(catalog: Catalog, planId: string): boolean {
  const plan = catalog.planById(planId);
  return plan !== undefined && catalog.stackFor(plan).binding !== undefined;
}
