import type { Catalog } from "../../catalog/catalog.js";
import type { PlanDefinition } from "../../domain/service-catalog.js";
import { synthesize } from "../../synth/synthesize.js";

/**
 * The credential names a binding of `plan` would receive: the instance outputs the stack and the plan
 * list as credentials, plus every output of the binding stack (synthesized with placeholder values;
 * only output names are read). Empty for a plan that is not bindable.
 */
export function credentialNames(catalog: Catalog, plan: PlanDefinition): string[] {
  const service = catalog.serviceOf(plan);
  if (!(plan.bindable ?? service.bindable)) return [];
  const definition = catalog.stackFor(plan);
  const names = new Set([...(definition.credentials ?? []), ...plan.credentials]);
  if (definition.binding !== undefined) {
    const secrets = Object.fromEntries((definition.secrets?.binding ?? []).map((name) => [name, "placeholder"]));
    const { outputs } = synthesize({
      definition,
      service,
      plan,
      kind: "binding",
      values: {},
      instanceId: "preview",
      bindingId: "preview",
      instanceOutputs: {},
      secrets,
      backend: "local",
    });
    for (const name of outputs) names.add(name);
  }
  return [...names].sort();
}
