import { loadProviderRules, typeRules } from "../provider-rules/load.js";
import type { ProviderRules } from "../provider-rules/types.js";
import type { DestructiveUpdateLookup } from "./stateful-resources.js";

/** The `destructiveUpdates` of the rules table, by resource type (none for a type it does not know, e.g. `terraform_data`). */
export function destructiveUpdatesFrom(rules: ProviderRules): DestructiveUpdateLookup {
  return (type) => typeRules(rules, "resource", type)?.destructiveUpdates ?? [];
}

/**
 * The lookup from the committed rules table of terraform-provider-openstack 3.4.0
 * (schema/openstack-provider-rules-3.4.0.json, read once per process by the loader).
 */
export function providerDestructiveUpdates(): DestructiveUpdateLookup {
  return destructiveUpdatesFrom(loadProviderRules());
}
