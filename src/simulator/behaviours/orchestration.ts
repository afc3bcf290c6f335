import { createHash } from "node:crypto";
import { load } from "js-yaml";
import { apiErrorMessage, SimulatedApiError } from "../api-errors.js";
import { isObject } from "../block-values.js";
import { PROJECT_ID } from "../generic-fill.js";
import { deterministicUuid } from "../ids.js";
import { CLOUD_HOST, serviceUrl } from "../service-catalog.js";
import type { TfObject } from "../msgpack-values.js";
import { setIfUnknown, type ApplyContext, type ResourceBehaviour } from "./types.js";

interface HeatTemplate {
  readonly description?: string;
  readonly resources?: Record<string, { type?: string; properties?: unknown }>;
  readonly parameters?: Record<string, { default?: unknown }>;
  readonly outputs?: Record<string, { description?: string; value?: unknown }>;
}

function parseTemplate(state: TfObject): HeatTemplate {
  const opts = isObject(state.template_opts) ? state.template_opts : {};
  const text = opts.Bin ?? opts.bin;
  if (typeof text !== "string") return {};
  try {
    const parsed = load(text);
    return isObject(parsed as never) ? (parsed as HeatTemplate) : {};
  } catch (error) {
    throw new SimulatedApiError(
      apiErrorMessage("openstack_orchestration_stack_v1", "create", 400, {
        code: 400, title: "Bad Request", explanation: "The server could not comply with the request since it is either malformed or otherwise incorrect.",
        error: { type: "StackValidationFailed", message: `Error parsing template: ${(error as Error).message.split("\n")[0]}` },
      }),
    );
  }
}

/** A simulated attribute of a template resource (Zaqar queues and signed URLs, servers, generic). */
async function resourceAttribute(
  type: string, resource: string, attribute: string, property: (name: string) => Promise<unknown>, context: ApplyContext,
): Promise<unknown> {
  if (type === "OS::Zaqar::Queue") {
    const name = String((await property("name")) ?? resource);
    if (attribute === "queue_id") return name;
    if (attribute === "href") return `${serviceUrl("messaging")}/v2/queues/${name}`;
  }
  if (type === "OS::Zaqar::SignedQueueURL") {
    const ttl = Number((await property("ttl")) ?? 86400);
    if (attribute === "signature") return createHash("sha256").update(`${context.id}/${resource}`).digest("hex");
    if (attribute === "expires") return new Date(Date.parse(context.now) + ttl * 1000).toISOString().replace(/\.\d{3}Z$/, "");
    if (attribute === "project") return PROJECT_ID;
    if (attribute === "paths") {
      const queue = String((await property("queue")) ?? "");
      const paths = ((await property("paths")) as string[] | undefined) ?? ["messages", "subscriptions", "claims"];
      return paths.map((p) => `/v2/queues/${queue}/${p}`);
    }
    if (attribute === "methods") return (await property("methods")) ?? ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE"];
  }
  if (/ip|address/i.test(attribute)) return context.allocateIp(context.config.defaultFixedCidr);
  if (/(^|_)id$/i.test(attribute)) return deterministicUuid(`${context.id}/${resource}/${attribute}`);
  if (/href|url/i.test(attribute)) return `https://${CLOUD_HOST}/${resource}/${attribute}`;
  if (attribute === "name") return String((await property("name")) ?? resource);
  return `${resource}-${attribute}`;
}

/** Resolves an output `value` the way Heat would, with simulated values for resource attributes. */
async function resolve(value: unknown, template: HeatTemplate, params: TfObject, context: ApplyContext): Promise<unknown> {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return Promise.all(value.map((item) => resolve(item, template, params, context)));
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length !== 1) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries) out[key] = await resolve(item, template, params, context);
    return out;
  }
  const [fn, arg] = entries[0];
  if (fn === "get_param") {
    const name = Array.isArray(arg) ? String(arg[0]) : String(arg);
    return params[name] ?? template.parameters?.[name]?.default ?? "";
  }
  if (fn === "get_resource") return deterministicUuid(`${context.id}/${String(arg)}`);
  if (fn === "get_attr") {
    const [resource, ...path] = (Array.isArray(arg) ? arg : [arg]).map(String);
    const definition = template.resources?.[resource];
    const properties = (definition?.properties ?? {}) as Record<string, unknown>;
    const property = async (name: string) => resolve(properties[name], template, params, context);
    return resourceAttribute(definition?.type ?? "", resource, path.join("."), property, context);
  }
  if (fn === "list_join" && Array.isArray(arg)) {
    const [separator, ...lists] = arg;
    const items = (await Promise.all(lists.map((list) => resolve(list, template, params, context)))).flat();
    return items.map(String).join(String(separator));
  }
  if (fn === "str_replace" && isObject(arg as never)) {
    const { template: text, params: replacements } = arg as { template?: unknown; params?: Record<string, unknown> };
    let result = String(await resolve(text, template, params, context));
    for (const [key, replacement] of Object.entries(replacements ?? {})) {
      result = result.split(key).join(String(await resolve(replacement, template, params, context)));
    }
    return result;
  }
  return JSON.stringify(value);
}

/** openstack_orchestration_stack_v1 (Heat): outputs evaluated from the template's `outputs`. */
export const stack: ResourceBehaviour = {
  computedBlocks: ["outputs"],
  async fill(state, context) {
    const template = parseTemplate(state);
    const params = isObject(state.parameters) ? state.parameters : {};
    const outputs = [];
    for (const [key, output] of Object.entries(template.outputs ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      const value = await resolve(output?.value, template, params, context);
      outputs.push({
        output_key: key,
        output_value: typeof value === "string" ? value : JSON.stringify(value),
        description: output?.description ?? "",
      });
    }
    setIfUnknown(state, "outputs", outputs);
    setIfUnknown(state, "status", "CREATE_COMPLETE");
    setIfUnknown(state, "status_reason", "Stack CREATE completed successfully");
    setIfUnknown(state, "template_description", template.description ?? "");
    setIfUnknown(state, "description", template.description ?? "");
    setIfUnknown(state, "disable_rollback", true);
    setIfUnknown(state, "timeout", 60);
    setIfUnknown(state, "creation_time", context.now);
  },
};
