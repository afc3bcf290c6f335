import type { Catalog } from "../catalog/catalog.js";
import type { PlanDefinition } from "../catalog/types.js";
import type { StackOutput, SynthesizeOptions } from "../synth/synthesize.js";

/** What the stack runner synthesizes: everything but the backend and providers (the runner's). */
export type StackSynth = Omit<SynthesizeOptions, "backend" | "providers">;

/** One instance or binding stack of a plan, with the values it gets. */
export interface StackSpec {
  readonly plan: PlanDefinition;
  readonly kind: "instance" | "binding";
  readonly values: Readonly<Record<string, unknown>>;
  readonly instanceId: string;
  readonly bindingId?: string;
  readonly instanceOutputs?: Readonly<Record<string, StackOutput>>;
  readonly secrets?: Readonly<Record<string, string>>;
}

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
