import { load } from "js-yaml";

/**
 * What the real Heat and terraform-provider-openstack 3.4.0 refuse or lose in a HOT template, checked
 * on the literal templates constructs write (user templates are variables: see heat-stack's
 * postcondition instead).
 *
 * - Property constraints of the resource types the library uses: `OS::Zaqar::SignedQueueURL`
 *   `methods` allows only GET, DELETE, PATCH, POST, PUT (heat/engine/resources/openstack/zaqar/queue.py).
 * - Outputs the provider can keep: `outputs[].output_value` is a TypeString
 *   (openstack/resource_openstack_orchestration_stack_v1.go); a list or map value fails its
 *   `d.Set("outputs", ...)` and the stack keeps no output at all (upstream issue #1612). An output
 *   that is a literal list/map, or `get_attr` of an attribute Heat resolves to a list, is refused.
 */

/** Property values Heat allows, per resource type and property (list properties: per item). */
const ALLOWED_VALUES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  "OS::Zaqar::SignedQueueURL": { methods: ["GET", "DELETE", "PATCH", "POST", "PUT"] },
};

/** Attributes Heat resolves to lists or maps, per resource type. */
const STRUCTURED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  "OS::Zaqar::SignedQueueURL": ["paths", "methods"],
  "OS::Nova::Server": ["addresses", "networks", "accessIPv4s"],
  "OS::Neutron::Port": ["fixed_ips", "allowed_address_pairs"],
};

/** HOT intrinsic functions that yield a list or a map. */
const STRUCTURED_FUNCTIONS = [
  "str_split",
  "map_merge",
  "map_replace",
  "repeat",
  "list_concat",
  "list_concat_unique",
  "filter",
];
/** HOT intrinsic functions (a one-key map whose key is none of these is a literal map). */
const FUNCTIONS = [
  ...STRUCTURED_FUNCTIONS,
  "get_attr",
  "get_file",
  "get_param",
  "get_resource",
  "list_join",
  "resource_facade",
  "str_replace",
  "str_replace_strict",
  "str_replace_vstrict",
  "digest",
  "yaql",
  "equals",
  "if",
  "not",
  "and",
  "or",
  "make_url",
  "contains",
];

interface Template {
  readonly resources?: Record<string, { type?: string; properties?: Record<string, unknown> }>;
  readonly outputs?: Record<string, { value?: unknown }>;
}

/** The problems of a literal HOT template, each naming the resource or output; empty when none. */
export function heatTemplateProblems(text: string): string[] {
  let template: Template;
  try {
    template = (load(text) ?? {}) as Template;
  } catch (error) {
    return [`the template is not YAML: ${(error as Error).message.split("\n")[0]}`];
  }
  const problems: string[] = [];
  const resources = template.resources ?? {};
  for (const [name, resource] of Object.entries(resources)) {
    for (const [property, allowed] of Object.entries(ALLOWED_VALUES[resource?.type ?? ""] ?? {})) {
      const value = resource?.properties?.[property];
      const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
      for (const item of items) {
        if (typeof item === "string" && !allowed.includes(item)) {
          problems.push(
            `resource ${name} (${resource.type}): ${property} "${item}" is not one of ${allowed.join(", ")}`,
          );
        }
      }
    }
  }
  for (const [name, output] of Object.entries(template.outputs ?? {})) {
    const value = output?.value;
    const fn = isPlainMap(value) && Object.keys(value).length === 1 ? Object.keys(value)[0] : undefined;
    if (
      Array.isArray(value) ||
      (isPlainMap(value) && (fn === undefined || !FUNCTIONS.includes(fn) || STRUCTURED_FUNCTIONS.includes(fn)))
    ) {
      problems.push(`output ${name} is a list or map: the provider keeps only string outputs (issue #1612)`);
      continue;
    }
    const attr = isPlainMap(value) ? (value as { get_attr?: unknown }).get_attr : undefined;
    if (Array.isArray(attr) && attr.length === 2) {
      const [resource, attribute] = attr.map(String);
      if (STRUCTURED_ATTRIBUTES[resources[resource]?.type ?? ""]?.includes(attribute)) {
        problems.push(
          `output ${name} is get_attr ${resource}.${attribute}, a list: join it (list_join) to keep the stack's outputs (issue #1612)`,
        );
      }
    }
  }
  return problems;
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
