/**
 * Turns an evaluated `schema.Resource` (go-values.ts) into the table's attribute rules: one
 * `schema.Schema` at a time, nested `Elem: &schema.Resource{...}` blocks recursively, plus the
 * attributes the SDK adds itself (`id`, the `timeouts` block).
 */
import type { AttributeRules, RuleValueType } from "../../src/provider-rules/types.js";
import type { GoEvaluator } from "./go-eval.js";
import { type GoStruct, type GoValue, externalName, isPrimitive, valueText } from "./go-values.js";
import { ruleFunction } from "./rule-functions.js";
import { ruleValidators } from "./rule-validators.js";

/** Where facts go while a type is converted. */
export interface RulesContext {
  readonly ev: GoEvaluator;
  /** Records what was seen but not understood, at `<type address>.<attribute path>`. */
  note(path: readonly string[], what: string): void;
}

const VALUE_TYPES: Record<string, RuleValueType> = {
  "schema.TypeString": "string",
  "schema.TypeInt": "int",
  "schema.TypeFloat": "float",
  "schema.TypeBool": "bool",
  "schema.TypeList": "list",
  "schema.TypeSet": "set",
  "schema.TypeMap": "map",
};

/** Fields of `schema.Schema` that state nothing the table holds (documentation, set hashing, SDK internals). */
const IGNORED_FIELDS = new Set(["Description", "Set", "DiffSuppressOnRefresh", "InputDefault"]);
const FLAGS = {
  Required: "required",
  Optional: "optional",
  Computed: "computed",
  ForceNew: "forceNew",
  Sensitive: "sensitive",
} as const;
const PATH_LISTS = {
  ConflictsWith: "conflictsWith",
  ExactlyOneOf: "exactlyOneOf",
  AtLeastOneOf: "atLeastOneOf",
  RequiredWith: "requiredWith",
} as const;

export function isStruct(v: GoValue, type?: string): v is GoStruct {
  return !isPrimitive(v) && v.t === "struct" && (type === undefined || v.type === type);
}

function strings(v: GoValue): string[] | undefined {
  if (isPrimitive(v) || v.t !== "slice" || !v.items.every((i) => typeof i === "string")) return undefined;
  return v.items as string[];
}

/** The attributes of a `schema.Resource` value's `Schema` map. */
export function blockRules(
  resource: GoStruct,
  path: readonly string[],
  ctx: RulesContext,
): Record<string, AttributeRules> {
  const schema = resource.fields.get("Schema") ?? null;
  const out: Record<string, AttributeRules> = {};
  if (isPrimitive(schema) || schema.t !== "map") {
    ctx.note(path, `Schema is not a map literal: ${valueText(schema)}`);
    return out;
  }
  for (const [name, value] of schema.entries) {
    if (!isStruct(value, "schema.Schema")) {
      ctx.note([...path, name], `not a schema.Schema literal: ${valueText(value)}`);
      continue;
    }
    out[name] = attributeRules(value, [...path, name], ctx);
  }
  return out;
}

/** One `schema.Schema`. */
export function attributeRules(s: GoStruct, path: readonly string[], ctx: RulesContext): AttributeRules {
  const r: Record<string, unknown> = {};
  for (const [field, value] of s.fields) {
    // MUST keep `Default: false` (a planned false, not null); a false flag states nothing.
    if (value === null || (value === false && field !== "Default") || IGNORED_FIELDS.has(field)) continue;
    if (field === "Type") {
      const type = VALUE_TYPES[externalName(value) ?? ""];
      if (type) r.type = type;
      else ctx.note(path, `Type ${valueText(value)}`);
    } else if (field in FLAGS) {
      if (value === true) r[FLAGS[field as keyof typeof FLAGS]] = true;
      else ctx.note(path, `${field}: ${valueText(value)}`);
    } else if (field in PATH_LISTS) {
      const list = strings(value);
      if (list) r[PATH_LISTS[field as keyof typeof PATH_LISTS]] = list;
      else ctx.note(path, `${field}: ${valueText(value)}`);
    } else if (field === "Default") {
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") r.default = value;
      else ctx.note(path, `Default: ${valueText(value)} (not a literal)`);
    } else if (field === "DefaultFunc") {
      const env = envDefault(value);
      if (env) r.envDefault = env;
      else ctx.note(path, `DefaultFunc: ${valueText(value)}`);
    } else if (field === "MinItems" || field === "MaxItems") {
      if (typeof value === "number") r[field === "MinItems" ? "minItems" : "maxItems"] = value;
      else ctx.note(path, `${field}: ${valueText(value)}`);
    } else if (field === "ValidateFunc" || field === "ValidateDiagFunc") {
      const found = ruleValidators(value, path, ctx);
      if (found.length) r.validate = [...((r.validate as unknown[]) ?? []), ...found];
    } else if (field === "StateFunc" || field === "DiffSuppressFunc") {
      r[field === "StateFunc" ? "stateFunc" : "diffSuppress"] = ruleFunction(value, field, path, ctx);
    } else if (field === "Deprecated") {
      if (typeof value === "string") r.deprecated = value;
      else ctx.note(path, `Deprecated: ${valueText(value)}`);
    } else if (field === "ConfigMode") {
      if (externalName(value) === "schema.SchemaConfigModeAttr") r.configModeAttr = true;
      else if (externalName(value) !== "schema.SchemaConfigModeAuto") ctx.note(path, `ConfigMode ${valueText(value)}`);
    } else if (field === "Elem") {
      elemRules(value, r, path, ctx);
    } else {
      ctx.note(path, `field ${field}: ${valueText(value)}`);
    }
  }
  if (!r.type) ctx.note(path, "no Type");
  // The SDK's default: a TypeMap without Elem holds strings (helper/schema: "Elem ... defaults to TypeString").
  if (r.type === "map" && !s.fields.get("Elem")) r.elem = "string";
  return r as unknown as AttributeRules;
}

function elemRules(value: GoValue, r: Record<string, unknown>, path: readonly string[], ctx: RulesContext): void {
  if (isStruct(value, "schema.Resource")) {
    r.block = blockRules(value, path, ctx);
  } else if (isStruct(value, "schema.Schema")) {
    const elem = attributeRules(value, [...path, "(elem)"], ctx);
    if (elem.type === "list" || elem.type === "set" || elem.type === "map") ctx.note(path, `Elem of type ${elem.type}`);
    else r.elem = elem.type;
    if (elem.validate?.length) r.elemValidate = elem.validate;
  } else {
    ctx.note(path, `Elem: ${valueText(value)}`);
  }
}

/** `schema.EnvDefaultFunc("X", fallback)` / `schema.MultiEnvDefaultFunc([]string{...}, fallback)`. */
function envDefault(v: GoValue): AttributeRules["envDefault"] | undefined {
  if (isPrimitive(v) || v.t !== "call") return undefined;
  const name = externalName(v);
  const [vars, fallback] = v.args;
  const variables =
    name === "schema.EnvDefaultFunc" && typeof vars === "string"
      ? [vars]
      : name === "schema.MultiEnvDefaultFunc"
        ? strings(vars)
        : undefined;
  if (!variables || !isPrimitive(fallback ?? null)) return undefined;
  return fallback === null || fallback === undefined
    ? { variables }
    : { variables, fallback: fallback as string | number | boolean };
}

/** The attributes the SDK adds to every resource and data source: `id`, and `timeouts` when `Timeouts` is set. */
export function sdkAttributes(resource: GoStruct, attributes: Record<string, AttributeRules>): void {
  if (!attributes.id) attributes.id = { type: "string", optional: true, computed: true, sdk: "id" };
  const timeouts = resource.fields.get("Timeouts") ?? null;
  if (!isStruct(timeouts)) return;
  const block: Record<string, AttributeRules> = {};
  for (const name of ["Create", "Read", "Update", "Delete", "Default"]) {
    if ((timeouts.fields.get(name) ?? null) !== null) block[name.toLowerCase()] = { type: "string", optional: true };
  }
  attributes.timeouts = { type: "list", optional: true, maxItems: 1, block, sdk: "timeouts" };
}
