import type { AttributeRules, RuleValidator, TypeRules } from "../../provider-rules/types.js";
import { OMITTED_ARGUMENTS, OMITTED_TYPE_ARGUMENTS } from "./exclusions.js";

type Schema = Record<string, unknown>;

/** How the generic construct renders one argument: a plain attribute or a (dynamic) nested block. */
export type ArgumentKind = "attribute" | "block";

/** The arguments of a resource type that a generated service offers, and what it cannot offer. */
export interface ResourceArguments {
  /** Offered top-level arguments by name. */
  readonly arguments: Readonly<Record<string, ArgumentKind>>;
  /** For each offered block: its offered attributes (nested blocks inside blocks are not offered). */
  readonly blockAttributes: Readonly<Record<string, readonly string[]>>;
  /** Required arguments (the broker fills `name` itself, so it is never listed here). */
  readonly required: readonly string[];
  /** Arguments changing which replaces the resource (ForceNew, or every one when the type has no Update). */
  readonly forceNew: readonly string[];
  /** Why a required argument cannot be offered; set when the type cannot be generated. */
  readonly unsupported?: string;
}

const isArgument = (rules: AttributeRules) => rules.required === true || rules.optional === true;

/**
 * The offered arguments of a type (`name` its terraform type): not SDK-added (`id`, `timeouts`), not
 * omitted (OMITTED_ARGUMENTS, OMITTED_TYPE_ARGUMENTS), not deprecated unless required.
 */
export function resourceArguments(type: TypeRules, typeName = ""): ResourceArguments {
  const omitted = { ...OMITTED_ARGUMENTS, ...OMITTED_TYPE_ARGUMENTS[typeName] };
  const args: Record<string, ArgumentKind> = {};
  const blockAttributes: Record<string, string[]> = {};
  const required: string[] = [];
  const forceNew: string[] = [];
  let unsupported: string | undefined;
  for (const [name, rules] of Object.entries(type.attributes)) {
    if (!isArgument(rules) || rules.sdk !== undefined) continue;
    if (Object.hasOwn(omitted, name) || (rules.deprecated !== undefined && !rules.required)) {
      if (rules.required)
        unsupported ??= `requires ${name}, which no generated service offers (${omitted[name] ?? "deprecated"})`;
      continue;
    }
    if (rules.block) {
      const inner = Object.entries(rules.block).filter(([, r]) => isArgument(r) && r.block === undefined);
      const nestedRequired = Object.entries(rules.block).find(([, r]) => r.required && r.block !== undefined);
      if (nestedRequired) {
        if (rules.required) unsupported ??= `its required block ${name} needs a nested block ${nestedRequired[0]}`;
        continue;
      }
      blockAttributes[name] = inner.map(([n]) => n);
      args[name] = "block";
    } else {
      args[name] = "attribute";
    }
    if (rules.required && name !== "name") required.push(name);
    if (rules.forceNew || type.update === false) forceNew.push(name);
  }
  return { arguments: args, blockAttributes, required, forceNew, unsupported };
}

/** The JSON Schema of one attribute's value (draft-07), with the constraints the rules table gives. */
export function attributeSchema(name: string, rules: AttributeRules): Schema {
  const schema: Schema = { ...valueSchema(rules), ...constraints(rules.validate, rules.type) };
  if (rules.elem && schema.items) Object.assign(schema.items as Schema, constraints(rules.elemValidate, rules.elem));
  schema.description = describe(name, rules);
  if (rules.default !== undefined) schema.default = rules.default;
  if (rules.sensitive) schema.writeOnly = true;
  return schema;
}

function valueSchema(rules: AttributeRules): Schema {
  switch (rules.type) {
    case "string":
      return { type: "string" };
    case "int":
      return { type: "integer" };
    case "float":
      return { type: "number" };
    case "bool":
      return { type: "boolean" };
    case "map":
      return { type: "object", additionalProperties: valueSchema({ type: rules.elem ?? "string" }) };
    default: {
      const items = rules.block ? blockSchema(rules.block) : valueSchema({ type: rules.elem ?? "string" });
      const schema: Schema = { type: "array", items };
      if (rules.type === "set" && !rules.block) schema.uniqueItems = true;
      if (rules.minItems) schema.minItems = rules.minItems;
      if (rules.maxItems) schema.maxItems = rules.maxItems;
      return schema;
    }
  }
}

function blockSchema(block: Readonly<Record<string, AttributeRules>>): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [name, rules] of Object.entries(block)) {
    if (!isArgument(rules) || rules.block !== undefined) continue;
    properties[name] = attributeSchema(name, rules);
    if (rules.required) required.push(name);
  }
  return { type: "object", properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

/** Enums, ranges, formats and patterns from the validators the JSON Schema can express; the rest is left to the provider. */
function constraints(validators: readonly RuleValidator[] | undefined, type: string): Schema {
  const out: Schema = {};
  for (const v of validators ?? []) {
    const args = v.args ?? [];
    const fn = v.known ?? v.fn;
    if ((fn === "StringInSlice" || fn === "string-in-slice") && args[1] !== true && Array.isArray(args[0]))
      out.enum = args[0];
    else if ((fn === "IntInSlice" || fn === "int-in-slice") && Array.isArray(args[0])) out.enum = args[0];
    else if (fn === "IntAtLeast" || fn === "FloatAtLeast") out.minimum = args[0];
    else if (fn === "IntAtMost" || fn === "FloatAtMost") out.maximum = args[0];
    else if (fn === "IntBetween" || fn === "FloatBetween") Object.assign(out, { minimum: args[0], maximum: args[1] });
    else if (fn === "StringLenBetween") Object.assign(out, { minLength: args[0], maxLength: args[1] });
    else if (fn === "IsUUID" && type === "string") out.format = "uuid";
    else if (fn === "IsRFC3339Time" && type === "string") out.format = "date-time";
    else if (fn === "StringMatch" && typeof args[0] === "string" && compiles(args[0])) out.pattern = args[0];
  }
  return out;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

/** A short description of our own (the attribute's name, type and rules), not the provider's prose. */
function describe(name: string, rules: AttributeRules): string {
  const words = name.replace(/_/g, " ");
  const notes = [
    rules.required ? "required" : "optional",
    rules.forceNew ? "changing it replaces the resource" : undefined,
    rules.computed && !rules.required ? "the cloud chooses when absent" : undefined,
  ].filter(Boolean);
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} (${notes.join("; ")}).`;
}
