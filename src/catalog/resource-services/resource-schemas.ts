import type { JsonSchema } from "../../domain/service-catalog.js";
import type { TypeRules } from "../../provider-rules/types.js";
import { attributeSchema, type ResourceArguments } from "./parameter-schema.js";

type Schema = Record<string, unknown>;

/** The create and update parameter schemas of a generated service. */
export interface ResourceSchemas {
  readonly create: JsonSchema;
  readonly update: JsonSchema;
}

/**
 * The create and update schemas (draft-07) of a type's offered arguments. Conflicts go as far as
 * JSON Schema can: ConflictsWith → `dependencies: {a: {not: {anyOf: [{required: [b]}]}}}`,
 * RequiredWith → `dependencies: {a: {required: [b]}}`, ExactlyOneOf → `oneOf` of `required`,
 * AtLeastOneOf → `anyOf` of `required` (create only: an update gives only what changes). Rules on
 * nested paths (`network.0.uuid`) are left to the provider's plan.
 */
export function resourceSchemas(type: TypeRules, args: ResourceArguments): ResourceSchemas {
  const offered = (path: string) => !path.includes(".") && Object.hasOwn(args.arguments, path);
  const properties: Record<string, Schema> = {};
  const dependencies: Record<string, Schema> = {};
  const exactlyOne = new Map<string, string[]>();
  const atLeastOne = new Map<string, string[]>();
  for (const name of Object.keys(args.arguments)) {
    const rules = type.attributes[name];
    properties[name] = attributeSchema(name, rules);
    const conflicts = (rules.conflictsWith ?? []).filter(offered);
    const requiredWith = (rules.requiredWith ?? []).filter(offered);
    if (conflicts.length > 0 || requiredWith.length > 0)
      dependencies[name] = {
        ...(requiredWith.length ? requires(requiredWith) : {}),
        ...(conflicts.length ? { not: { anyOf: conflicts.map((c) => requires([c])) } } : {}),
      };
    const one = unique([name, ...(rules.exactlyOneOf ?? [])]).filter(offered);
    if (rules.exactlyOneOf && one.length > 0) exactlyOne.set(one.join(","), one);
    const least = unique([name, ...(rules.atLeastOneOf ?? [])]).filter(offered);
    if (rules.atLeastOneOf && least.length > 0) atLeastOne.set(least.join(","), least);
  }
  const hasDeps = Object.keys(dependencies).length > 0;
  const allOf = [
    ...[...exactlyOne.values()].map((names) => ({ oneOf: names.map((n) => requires([n])) })),
    ...[...atLeastOne.values()].map((names) => ({ anyOf: names.map((n) => requires([n])) })),
  ];
  const create: Schema = {
    type: "object",
    additionalProperties: false,
    properties,
    ...(args.required.length ? { required: args.required } : {}),
    ...(hasDeps ? { dependencies } : {}),
    ...(allOf.length ? { allOf } : {}),
  };
  const updateProperties = Object.fromEntries(
    Object.entries(properties).map(([name, schema]) => {
      const { default: _default, ...rest } = schema;
      return [name, rest];
    }),
  );
  const update: Schema = {
    type: "object",
    additionalProperties: false,
    properties: updateProperties,
    ...(hasDeps ? { dependencies } : {}),
  };
  return { create, update };
}

/** `required` with the names declared (ajv's strict mode wants every required name among `properties`). */
function requires(names: readonly string[]): Schema {
  return { properties: Object.fromEntries(names.map((n) => [n, true])), required: names };
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
