import { loadAll } from "js-yaml";
import { isObject } from "../block-values.js";

/** A parsed HOT template (the parts the simulator reads). */
export interface HeatTemplate {
  readonly heat_template_version?: unknown;
  readonly description?: string;
  readonly resources?: Record<string, { type?: string; properties?: unknown }>;
  readonly parameters?: Record<string, { type?: string; default?: unknown }>;
  readonly outputs?: Record<string, { description?: string; value?: unknown }>;
}

/**
 * gophercloud's `TE.Parse` (orchestration/v1/stacks/utils.go): JSON, else YAML, into a mapping;
 * anything else is `ErrInvalidDataFormat` ("Data in neither json nor yaml format."). An empty
 * document parses to nothing and is accepted.
 */
export function parseHeatDocument(text: string): { ok: true; value: Record<string, unknown> } | { ok: false } {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed as never) ? { ok: true, value: parsed as Record<string, unknown> } : { ok: false };
  } catch {
    // not JSON: YAML below
  }
  try {
    // yaml.v2 Unmarshal decodes the first document; an empty input is no document at all.
    const parsed: unknown = loadAll(text)[0];
    if (parsed === null || parsed === undefined) return { ok: true, value: {} };
    return isObject(parsed as never) ? { ok: true, value: parsed as Record<string, unknown> } : { ok: false };
  } catch {
    return { ok: false };
  }
}

/**
 * Stack parameter values as Heat types them: terraform passes strings; `number` becomes a number,
 * `json` parsed JSON, `comma_delimited_list` a list, `boolean` a bool; template defaults fill the rest.
 */
export function typedParameters(
  template: HeatTemplate,
  given: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(template.parameters ?? {})) {
    const raw = given[name] ?? definition?.default;
    if (raw === undefined || raw === null) continue;
    const type = definition?.type ?? "string";
    if (typeof raw !== "string") out[name] = raw;
    else if (type === "number") out[name] = Number(raw);
    else if (type === "json") out[name] = safeJson(raw);
    else if (type === "comma_delimited_list") out[name] = raw === "" ? [] : raw.split(",").map((s) => s.trim());
    else if (type === "boolean") out[name] = ["true", "1", "yes", "on", "t", "y"].includes(raw.toLowerCase());
    else out[name] = raw;
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Resolves a resource attribute (`get_attr`); `property` resolves one of the resource's properties. */
export type AttributeResolver = (
  type: string,
  resource: string,
  attribute: string,
  property: (name: string) => Promise<unknown>,
) => Promise<unknown>;

/** Heat's intrinsic functions the simulator evaluates: get_param, get_resource, get_attr, list_join, str_replace. */
export async function resolveIntrinsics(
  value: unknown,
  template: HeatTemplate,
  params: Readonly<Record<string, unknown>>,
  attribute: AttributeResolver,
  resourceId: (name: string) => string,
): Promise<unknown> {
  const again = (item: unknown) => resolveIntrinsics(item, template, params, attribute, resourceId);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return Promise.all(value.map(again));
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length !== 1) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries) out[key] = await again(item);
    return out;
  }
  const [fn, arg] = entries[0];
  if (fn === "get_param") {
    const name = Array.isArray(arg) ? String(arg[0]) : String(arg);
    return params[name] ?? null;
  }
  if (fn === "get_resource") return resourceId(String(arg));
  if (fn === "get_attr") {
    const [resource, ...path] = (Array.isArray(arg) ? arg : [arg]).map(String);
    const definition = template.resources?.[resource];
    const properties = (isObject(definition?.properties as never) ? definition?.properties : {}) as Record<
      string,
      unknown
    >;
    return attribute(definition?.type ?? "", resource, path.join("."), async (name) => again(properties[name]));
  }
  if (fn === "list_join" && Array.isArray(arg)) {
    const [separator, ...lists] = arg;
    const items = (await Promise.all(lists.map(again))).flat();
    return items.map(String).join(String(separator));
  }
  if (fn === "str_replace" && isObject(arg as never)) {
    const { template: text, params: replacements } = arg as { template?: unknown; params?: Record<string, unknown> };
    let result = String(await again(text));
    for (const [key, replacement] of Object.entries(replacements ?? {}))
      result = result.split(key).join(String(await again(replacement)));
    return result;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) out[key] = await again(item);
  return out;
}
