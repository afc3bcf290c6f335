import type { PlanDefinition, ServiceOffering } from "../../domain/service-catalog.js";
import type { TypeRules } from "../../provider-rules/types.js";
import { resourceArguments, type ResourceArguments } from "./parameter-schema.js";
import { resourceSchemas } from "./resource-schemas.js";
import { uuidV5 } from "./uuid-v5.js";

/** The stack folder of every generated service: one generic construct (stacks/resource). */
export const RESOURCE_STACK = "resource";

/** Where generated services say they come from, in place of a catalog file. */
export const RESOURCE_SERVICES_SOURCE = "RESOURCE_SERVICES";

/** `openstack_networking_secgroup_v2` → `os-networking-secgroup-v2`. */
export function resourceServiceName(type: string): string {
  return `os-${type.replace(/^openstack_/, "").replace(/_/g, "-")}`;
}

/** `openstack_networking_secgroup_v2` → `networking`. */
export function resourceFamily(type: string): string {
  return type.replace(/^openstack_/, "").split("_")[0];
}

/** Computed attributes a binding can return: `id` first, then the rest by name; split by sensitivity. */
export function resourceOutputs(type: TypeRules): { readonly plain: string[]; readonly sensitive: string[] } {
  const plain = ["id"];
  const sensitive: string[] = [];
  for (const [name, rules] of Object.entries(type.attributes)) {
    if (!rules.computed || rules.sdk !== undefined) continue;
    (rules.sensitive ? sensitive : plain).push(name);
  }
  return { plain, sensitive };
}

/**
 * The service offering of one resource type. Ids are UUIDv5 of the type name (service) and of
 * `<type>/<plan>` (plans), so they are stable across releases. Plan `default`: the binding returns
 * the id and the non-sensitive computed attributes; plan `with-secrets` (only for types with
 * sensitive computed attributes) returns those too.
 */
export function resourceOffering(
  type: string,
  rules: TypeRules,
  args: ResourceArguments = resourceArguments(rules, type),
): ServiceOffering {
  const schemas = resourceSchemas(rules, args);
  const outputs = resourceOutputs(rules);
  const settings = {
    resource_type: type,
    arguments: args.arguments,
    block_attributes: args.blockAttributes,
    name_from_instance: args.arguments.name === "attribute" && rules.attributes.name?.type === "string",
  };
  const plan = (name: string, description: string, withSecrets: boolean): PlanDefinition => {
    const credentials = withSecrets ? [...outputs.plain, ...outputs.sensitive] : outputs.plain;
    return {
      id: uuidV5(`${type}/${name}`),
      name,
      description,
      free: false,
      bindable: true,
      plan_updateable: true,
      stack: RESOURCE_STACK,
      defaults: {},
      settings: {
        ...settings,
        outputs: Object.fromEntries(credentials.map((n) => [n, outputs.sensitive.includes(n)])),
      },
      schemas: { ...schemas, bind: { type: "object", additionalProperties: false, properties: {} } },
      credentials,
      source: RESOURCE_SERVICES_SOURCE,
    };
  };
  const plans = [plan("default", `One ${type}; bindings return its id and non-sensitive attributes`, false)];
  if (outputs.sensitive.length > 0)
    plans.push(plan("with-secrets", `One ${type}; bindings also return ${outputs.sensitive.join(", ")}`, true));
  return {
    id: uuidV5(type),
    name: resourceServiceName(type),
    description: `OpenStack ${type} (generated from the provider's schema)`,
    bindable: true,
    instances_retrievable: true,
    bindings_retrievable: true,
    plan_updateable: true,
    tags: ["openstack", "generated", resourceFamily(type)],
    metadata: { displayName: type, providerDisplayName: "OpenStack", resourceType: type },
    plans,
    source: RESOURCE_SERVICES_SOURCE,
  };
}
