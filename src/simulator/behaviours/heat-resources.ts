import { isObject } from "../block-values.js";

/**
 * The resource types the stacks' templates use, with Heat's property schemas
 * (heat/engine/resources/openstack/zaqar/queue.py): OS::Zaqar::Queue (`name` required string,
 * `metadata` map) and OS::Zaqar::SignedQueueURL (`queue` required string, `paths` list, `ttl`
 * integer, `methods` list whose items Heat constrains to AllowedValues GET, DELETE, PATCH, POST, PUT).
 */
interface PropertySchema {
  readonly type: "string" | "integer" | "list" | "map";
  readonly required?: boolean;
  /** Heat's AllowedValues constraint on each list item. */
  readonly itemAllowed?: readonly string[];
}

const SCHEMAS: Readonly<Record<string, Readonly<Record<string, PropertySchema>>>> = {
  "OS::Zaqar::Queue": { name: { type: "string", required: true }, metadata: { type: "map" } },
  "OS::Zaqar::SignedQueueURL": {
    queue: { type: "string", required: true },
    paths: { type: "list" },
    ttl: { type: "integer" },
    methods: { type: "list", itemAllowed: ["GET", "DELETE", "PATCH", "POST", "PUT"] },
  },
};

/** Zaqar's `_VALID_PATHS` for pre-signed URLs (zaqar/transport/wsgi/v2_0/urls.py). */
export const ZAQAR_VALID_PATHS: readonly string[] = ["messages", "subscriptions", "claims"];

function pyRepr(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** One property value against its schema: Heat's message, or undefined when valid. */
function propertyError(schema: PropertySchema, value: unknown): { path: string; message: string } | undefined {
  if (schema.type === "integer" && !(Number.isInteger(value) || (typeof value === "string" && /^-?\d+$/.test(value)))) {
    return { path: "", message: `Value '${pyRepr(value)}' is not an integer` };
  }
  if (schema.type === "string" && typeof value !== "string" && typeof value !== "number")
    return { path: "", message: "Value must be a string" };
  if (schema.type === "map" && !isObject(value as never))
    return { path: "", message: `"${pyRepr(value)}" is not a map` };
  if (schema.type === "list") {
    if (!Array.isArray(value)) return { path: "", message: `"${pyRepr(value)}" is not a list` };
    const allowed = schema.itemAllowed;
    if (allowed) {
      const index = value.findIndex((item) => !allowed.includes(String(item)));
      // heat/engine/constraints.py AllowedValues._err_msg
      if (index >= 0)
        return {
          path: `[${index}]`,
          message: `"${pyRepr(value[index])}" is not an allowed value [${allowed.join(", ")}]`,
        };
    }
  }
  return undefined;
}

/**
 * Heat's stack validation of one resource's (resolved) properties: the StackValidationFailed message
 * (`Property error: resources.<name>.properties.<key>: ...`), or undefined when they are valid.
 */
export function validateHeatProperties(
  resource: string,
  type: string,
  properties: Readonly<Record<string, unknown>>,
): string | undefined {
  const schemas = SCHEMAS[type];
  if (!schemas) return undefined;
  for (const key of Object.keys(properties)) {
    if (!(key in schemas)) return `Unknown Property ${key}`;
  }
  for (const [key, schema] of Object.entries(schemas)) {
    const value = properties[key];
    if (value === undefined || value === null) {
      if (schema.required) return `Property error: resources.${resource}.properties: Property ${key} not assigned`;
      continue;
    }
    const error = propertyError(schema, value);
    if (error) return `Property error: resources.${resource}.properties.${key}${error.path}: ${error.message}`;
  }
  return undefined;
}
