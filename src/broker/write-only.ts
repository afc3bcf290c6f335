import type { Json } from "../domain/service-broker.js";
import type { JsonSchema, ServiceOffering } from "../domain/service-catalog.js";

/** Names of the top-level properties that any of `schemas` marks `writeOnly: true`. */
export function writeOnlyNames(schemas: readonly (JsonSchema | undefined)[]): Set<string> {
  const names = new Set<string>();
  for (const schema of schemas) {
    const properties = (schema?.properties ?? {}) as Record<string, { writeOnly?: unknown } | undefined>;
    for (const [name, property] of Object.entries(properties)) if (property?.writeOnly === true) names.add(name);
  }
  return names;
}

/**
 * `parameters` without the values the plan's schemas mark `writeOnly` (a private key, a password
 * the user chose): JSON Schema's writeOnly means "sent, never returned", so GET instance and GET
 * binding MUST NOT hand them back. `kind` picks the schemas: create and update for an instance,
 * bind for a binding. An unknown service or plan (a record of a plan since removed) returns the
 * parameters as stored.
 */
export function withoutWriteOnly(
  parameters: Json,
  services: readonly ServiceOffering[],
  ids: { readonly serviceId: string; readonly planId: string },
  kind: "instance" | "binding",
): Json {
  const plan = services.find((s) => s.id === ids.serviceId)?.plans.find((p) => p.id === ids.planId);
  if (plan === undefined) return parameters;
  const hidden = writeOnlyNames(kind === "instance" ? [plan.schemas.create, plan.schemas.update] : [plan.schemas.bind]);
  if (hidden.size === 0) return parameters;
  return Object.fromEntries(Object.entries(parameters).filter(([name]) => !hidden.has(name)));
}
