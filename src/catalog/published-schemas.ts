import type { JsonSchema, PlanDefinition } from "../domain/service-catalog.js";

/** What a plan that takes no parameters for an action publishes: an object with nothing allowed. */
export const NO_PARAMETERS: JsonSchema = Object.freeze({
  type: "object",
  properties: Object.freeze({}),
  additionalProperties: false,
});

/**
 * The schemas a plan publishes in the OSB catalog: create, update and (for a bindable plan) bind,
 * each the declared schema or {@link NO_PARAMETERS}. MUST mean what the broker enforces: a request
 * for an action whose schema the catalog file omits may carry no parameters (catalog/parameters.ts),
 * which is exactly what the empty closed schema tells the platform.
 */
export function publishedSchemas(plan: PlanDefinition): { create: JsonSchema; update: JsonSchema; bind?: JsonSchema } {
  const { create, update, bind } = plan.schemas;
  return {
    create: create ?? NO_PARAMETERS,
    update: update ?? NO_PARAMETERS,
    bind: plan.bindable === false ? undefined : (bind ?? NO_PARAMETERS),
  };
}
