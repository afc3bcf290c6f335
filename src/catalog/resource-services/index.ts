/**
 * Generated resource services (opt-in with RESOURCE_SERVICES): one OSB service per resource type of
 * the OpenStack provider, from the rules table (schema/openstack-provider-rules-3.4.0.json), built by
 * the generic construct stacks/resource. docs/resource-services.md lists every type.
 */
import type { ServiceOffering } from "../../domain/service-catalog.js";
import { loadProviderRules } from "../../provider-rules/load.js";
import type { ProviderRules } from "../../provider-rules/types.js";
import { EXCLUDED_RESOURCE_TYPES } from "./exclusions.js";
import { resourceArguments } from "./parameter-schema.js";
import { resourceFamily, resourceOffering, resourceServiceName } from "./resource-offering.js";

export { EXCLUDED_RESOURCE_TYPES } from "./exclusions.js";
export { RESOURCE_SERVICES_SOURCE } from "./resource-offering.js";

/** One resource type of the provider and whether a generated service offers it. */
export interface ResourceTypeStatus {
  readonly type: string;
  readonly service: string;
  readonly family: string;
  /** `offered`, or why not: `excluded` (the rule list) or `unsupported` (the generator cannot express it). */
  readonly status: "offered" | "excluded" | "unsupported";
  readonly reason?: string;
  /** Offered: the parameters a request must give (no default can fill them). */
  readonly required: readonly string[];
}

/** Every managed resource type of the table, by name, with its status. */
export function resourceTypeStatuses(rules: ProviderRules = loadProviderRules()): ResourceTypeStatus[] {
  return Object.keys(rules.resources)
    .sort()
    .map((type) => {
      const base = { type, service: resourceServiceName(type), family: resourceFamily(type) };
      const excluded = EXCLUDED_RESOURCE_TYPES[type];
      if (excluded)
        return { ...base, status: "excluded", reason: `${excluded.kind}: ${excluded.reason}`, required: [] };
      const args = resourceArguments(rules.resources[type], type);
      if (args.unsupported) return { ...base, status: "unsupported", reason: args.unsupported, required: [] };
      return { ...base, status: "offered", required: args.required };
    });
}

/** What RESOURCE_SERVICES selected: the offerings, or the problems with its entries. */
export interface ResourceServicesResult {
  readonly services: readonly ServiceOffering[];
  readonly problems: readonly string[];
}

/**
 * The generated services RESOURCE_SERVICES selects. Each entry is `all`, a resource type
 * (`openstack_networking_secgroup_v2`), its service name (`os-networking-secgroup-v2`) or a family
 * (`networking`: every offered type of that service). Naming an excluded or unknown type is a problem
 * (with the reason); a family or `all` silently skips excluded types. An empty list selects nothing.
 */
export function resourceServices(
  entries: readonly string[],
  rules: ProviderRules = loadProviderRules(),
): ResourceServicesResult {
  const statuses = resourceTypeStatuses(rules);
  const families = new Set(statuses.map((s) => s.family));
  const chosen = new Set<string>();
  const problems: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === "") continue;
    if (entry === "all") {
      for (const s of statuses) if (s.status === "offered") chosen.add(s.type);
      continue;
    }
    if (families.has(entry)) {
      for (const s of statuses) if (s.family === entry && s.status === "offered") chosen.add(s.type);
      continue;
    }
    const status = statuses.find((s) => s.type === entry || s.service === entry);
    if (!status)
      problems.push(
        `unknown resource type, service or family ${JSON.stringify(entry)} (families: ${[...families].sort().join(", ")}; or "all")`,
      );
    else if (status.status !== "offered") problems.push(`${status.type} is not offered (${status.reason})`);
    else chosen.add(status.type);
  }
  const services = [...chosen].sort().map((type) => resourceOffering(type, rules.resources[type]));
  return { services, problems };
}
