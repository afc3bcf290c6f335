import type { Catalog } from "../catalog/catalog.js";
import type { PlanDefinition } from "../catalog/types.js";
import type { SynthesizeOptions } from "../synth/synthesize.js";

/** What the stack runner synthesizes: everything but the backend and providers (the runner's). */
export type StackSynth = Omit<SynthesizeOptions, "backend" | "providers">;

/** One instance or binding stack of a plan, with the values it gets (the request side of synthesis). */
export type StackSpec = Pick<SynthesizeOptions, "plan" | "kind" | "values" | "instanceId" | "bindingId" | "instanceOutputs" | "secrets">;

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
