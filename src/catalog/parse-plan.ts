import { joinPath } from "./catalog-error.js";
import { Fields, asMapping, type ReadContext } from "./fields.js";
import { checkParametersSchema } from "./schema-checks.js";
import { compileSchema, describeAjvErrors } from "./schema-compiler.js";
import { knownValid, rememberValid } from "./schema-verdicts.js";
import { BINDING_SETTING_KEYS, readBindingSettings } from "./binding-settings.js";
import type { JsonSchema, PlanDefinition } from "../domain/service-catalog.js";

/** Lowercase letters, digits and hyphens: the OSB recommendation for CLI-friendly names. */
export const NAME_PATTERN = /^[a-z0-9-]+$/;
/** Ids: any non-empty text without spaces (GUIDs recommended). */
export const ID_PATTERN = /^\S+$/;
/** Semantic versioning 2.0.0 (https://semver.org). */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
const STACK_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const OUTPUT_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The keys a plan may have (schema/catalog.schema.json declares the same). */
export const PLAN_KEYS = [
  "id",
  "name",
  "description",
  "free",
  "bindable",
  "plan_updateable",
  "maximum_polling_duration",
  "maintenance_info",
  "metadata",
  "stack",
  "defaults",
  "settings",
  "schemas",
  ...BINDING_SETTING_KEYS,
  // Which clouds.yaml entries serve the plan (docs/clouds.md); names are checked at start-up.
  "cloud",
  "clouds",
  "credentials",
] as const;
/** A clouds.yaml entry name as a plan may write it (no spaces, no `${`: it becomes a literal in cdk.tf.json). */
const CLOUD_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SCHEMA_ACTIONS = ["create", "update", "bind"] as const;

/** What a plan inherits from its service when it does not say. */
export interface PlanInheritance {
  readonly bindable: boolean;
  readonly plan_updateable: boolean;
}

/**
 * Reads one plan, reporting every problem (with its field path) to `ctx`. Always returns a plan so
 * that cross-checks (unique ids, stacks) can run; it is only used when no problem was reported.
 * `bindable` and `plan_updateable` are always set: the service's value when the plan does not say.
 */
export function parsePlan(
  ctx: ReadContext,
  node: unknown,
  path: string,
  inherit: PlanInheritance,
): PlanDefinition | undefined {
  const mapping = asMapping(ctx, node, path);
  if (!mapping) return undefined;
  const f = new Fields(ctx, mapping, path, PLAN_KEYS);
  // Fields are read in declaration order so that problems are listed the way a reader meets them.
  const plan: PlanDefinition = {
    id: f.name("id", ID_PATTERN, "must not contain spaces", { required: true }) ?? "",
    name: f.name("name", NAME_PATTERN, "must use only lowercase letters, digits and hyphens", { required: true }) ?? "",
    description: f.string("description", { required: true }) ?? "",
    ...optional("free", f.boolean("free")),
    bindable: f.boolean("bindable") ?? inherit.bindable,
    plan_updateable: f.boolean("plan_updateable") ?? inherit.plan_updateable,
    ...optional("maximum_polling_duration", f.integer("maximum_polling_duration", 1)),
    ...optional("maintenance_info", readMaintenanceInfo(ctx, f)),
    ...optional("metadata", f.mapping("metadata")),
    ...readBindingSettings(f, mapping),
    stack:
      f.name("stack", STACK_PATTERN, "must be the name of a folder in the stacks directory", { required: true }) ?? "",
    defaults: f.mapping("defaults") ?? {},
    settings: f.mapping("settings") ?? {},
    schemas: readSchemas(ctx, f),
    credentials: readCredentials(ctx, f),
    ...readClouds(ctx, f),
    source: ctx.file,
  };
  if (plan.schemas.create) checkDefaults(ctx, f, plan.defaults, plan.schemas.create);
  // `cloud` is a reserved request parameter (like allow_replace): a schema must not declare it.
  for (const action of ["create", "update"] as const) {
    const properties = plan.schemas[action]?.properties;
    if (typeof properties === "object" && properties !== null && "cloud" in properties) {
      ctx.problems.add(
        ctx.file,
        `${f.at("schemas")}.${action}.properties.cloud`,
        "is reserved by the broker (the choice of cloud); do not declare it",
      );
    }
  }
  return plan;
}

/** `{ key: value }` when value is defined, else `{}` (keeps absent optional fields absent). */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

function readMaintenanceInfo(ctx: ReadContext, f: Fields): PlanDefinition["maintenance_info"] {
  const node = f.mapping("maintenance_info");
  if (!node) return undefined;
  const info = new Fields(ctx, node, f.at("maintenance_info"), ["version", "description"]);
  const version = info.name("version", SEMVER_PATTERN, "is not a semantic version (like 1.0.0)", { required: true });
  const description = info.string("description");
  return version === undefined ? undefined : { version, ...optional("description", description) };
}

function readSchemas(ctx: ReadContext, f: Fields): PlanDefinition["schemas"] {
  const node = f.mapping("schemas");
  if (!node) return {};
  const schemas = new Fields(ctx, node, f.at("schemas"), SCHEMA_ACTIONS);
  const out: Record<string, JsonSchema> = {};
  for (const action of SCHEMA_ACTIONS) {
    const schema = schemas.mapping(action);
    if (!schema) continue;
    const problems = checkParametersSchema(schema);
    for (const problem of problems) {
      const at = problem.path
        ? `${schemas.at(action)}${problem.path.startsWith("[") ? "" : "."}${problem.path}`
        : schemas.at(action);
      ctx.problems.add(ctx.file, at, problem.message);
    }
    if (problems.length === 0) out[action] = schema;
  }
  return out;
}

/** Plan defaults must satisfy the create schema (missing required properties are the request's job). */
function checkDefaults(ctx: ReadContext, f: Fields, defaults: PlanDefinition["defaults"], schema: JsonSchema): void {
  if (knownValid(schema, defaults)) return; // passed before: not compiled at start (schema-verdicts.ts)
  const validate = compileSchema(schema);
  // Defaults need not give every required parameter (a request does).
  const errors = validate(defaults) ? [] : (validate.errors ?? []).filter((e) => e.keyword !== "required");
  if (errors.length === 0) return void rememberValid(schema, defaults);
  for (const error of describeAjvErrors(errors, f.at("defaults"))) {
    ctx.problems.add(ctx.file, error.field, `${error.message} (create schema)`);
  }
}

/** `cloud` (a pin) or `clouds` (a choice), never both; the request parameter `cloud` is reserved. */
function readClouds(ctx: ReadContext, f: Fields): Pick<PlanDefinition, "cloud" | "clouds"> {
  const rule = "must be a clouds.yaml entry name (letters, digits, '.', '_', '-')";
  const cloud = f.name("cloud", CLOUD_NAME_PATTERN, rule);
  const clouds = f.stringList("clouds");
  clouds?.forEach((name, i) => {
    if (!CLOUD_NAME_PATTERN.test(name))
      ctx.problems.add(ctx.file, joinPath(f.at("clouds"), i), `${JSON.stringify(name)} ${rule}`);
  });
  if (clouds !== undefined && clouds.length === 0) f.problem("clouds", "must list at least one cloud");
  if (cloud !== undefined && clouds !== undefined)
    f.problem("clouds", "a plan either pins one `cloud` or allows a list of `clouds`, not both");
  return { ...optional("cloud", cloud), ...optional("clouds", clouds) };
}

function readCredentials(ctx: ReadContext, f: Fields): readonly string[] {
  const list = f.stringList("credentials") ?? [];
  list.forEach((name, i) => {
    if (!OUTPUT_PATTERN.test(name))
      ctx.problems.add(
        ctx.file,
        joinPath(f.at("credentials"), i),
        `${JSON.stringify(name)} is not a valid output name`,
      );
  });
  return list;
}
