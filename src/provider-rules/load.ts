/**
 * Reads the generated rules table (schema/openstack-provider-rules-3.4.0.json) and looks up types and
 * attributes in it. MUST import nothing of the project but ./types.js: the simulator and the broker
 * both use it.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { AttributeRules, ProviderRules, TypeRules } from "./types.js";

/** Absolute path of the committed table, resolved from this module's location (src/provider-rules → schema/). */
export const PROVIDER_RULES_FILE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "schema",
  "openstack-provider-rules-3.4.0.json",
);

const cache = new Map<string, ProviderRules>();

/** Reads (synchronously, once per file: later calls return the same object) and returns the table. */
export function loadProviderRules(file: string = PROVIDER_RULES_FILE): ProviderRules {
  const path = resolve(file);
  const cached = cache.get(path);
  if (cached) return cached;
  const rules = JSON.parse(readFileSync(path, "utf8")) as ProviderRules;
  if (!rules || typeof rules !== "object" || !rules.resources || !rules.dataSources) {
    throw new Error(`${path}: not a provider rules table (no resources / dataSources)`);
  }
  cache.set(path, rules);
  return rules;
}

/** The rules of a managed resource (`kind: "resource"`) or a data source (`kind: "data"`), if the table has the type. */
export function typeRules(rules: ProviderRules, kind: "resource" | "data", type: string): TypeRules | undefined {
  const table = kind === "resource" ? rules.resources : rules.dataSources;
  return Object.hasOwn(table, type) ? table[type] : undefined;
}

/**
 * The rules of the attribute at `path`: attribute names through nested blocks, without list indices
 * (`["network", "uuid"]`). Undefined when any step is missing or is not a block.
 */
export function attributeRules(type: TypeRules, path: readonly string[]): AttributeRules | undefined {
  let attributes: Readonly<Record<string, AttributeRules>> | undefined = type.attributes;
  let found: AttributeRules | undefined;
  for (const name of path) {
    if (!attributes || !Object.hasOwn(attributes, name)) return undefined;
    found = attributes[name];
    attributes = found.block;
  }
  return found;
}
