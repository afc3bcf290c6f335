import { ALLOW_REPLACE } from "./schema-checks.js";
import { compileCheckedSchema, describeAjvErrors } from "./schema-compiler.js";
import type { PlanDefinition } from "../domain/service-catalog.js";

/** The reserved create parameter choosing among a plan's `clouds` (src/cloud/cloud-routing.ts). */
const CLOUD = "cloud";

/**
 * A request's parameters are refused: not an object, failing the plan's schema for the action, or a
 * reserved parameter misused. The message names each failing parameter
 * (`parameters.sleep_seconds: must be <= 600`); the broker answers it as the OSB 400 with this text.
 */
export class ParameterError extends Error {
  override name = "ParameterError";
}

/** Which request the parameters come with (and so which of the plan's schemas applies). */
export type ParameterAction = "create" | "update" | "bind";

/** Options of {@link resolveParameters}. */
export interface ResolveParametersOptions {
  readonly plan: PlanDefinition;
  readonly action: ParameterAction;
  /** The request's `parameters` (absent or null: none). */
  readonly given?: unknown;
  /** For update: the instance's current parameters (already merged when it was created/updated). */
  readonly previous?: Readonly<Record<string, unknown>>;
}

/** The parameters a stack receives, and the update-only opt-in for destructive changes. */
export interface ResolvedParameters {
  /**
   * create: plan defaults <- given; update: plan defaults <- previous <- given; bind: given only.
   * Never contains `allow_replace`, nor (on create and update) the reserved `cloud`.
   */
  readonly values: Record<string, unknown>;
  /** The request's `allow_replace` (update only; default false). */
  readonly allowReplace: boolean;
  /**
   * The request's reserved `cloud` (create only, and only when the plan lists `clouds`): which of the
   * plan's clouds the instance runs on. Never in `values`; src/cloud/cloud-routing.ts decides.
   */
  readonly cloud?: string;
}

/**
 * Validates a request's parameters against the plan's schema for the action and merges them:
 * plan defaults <- previous (for update) <- given; a bind gets only its given parameters (plan
 * defaults are the instance's). Throws `ParameterError` naming each failing
 * parameter (`parameters.sleep_seconds: must be <= 600`). With no schema for the action, any
 * parameter is refused. `allow_replace` (boolean) is reserved: accepted on every update, even when
 * the schema omits it, refused on create and bind, and returned apart from the values. `cloud` is
 * reserved too: accepted on create from a plan's `clouds`, refused on update, returned apart. A property
 * the schema requires is satisfied by a plan default (or, for update, a previous value).
 */
export function resolveParameters(options: ResolveParametersOptions): ResolvedParameters {
  const { plan, action } = options;
  const given = options.given ?? {};
  if (typeof given !== "object" || Array.isArray(given)) throw new ParameterError("parameters must be a JSON object");
  const { [ALLOW_REPLACE]: allowReplaceGiven, ...unreserved } = given as Record<string, unknown>;
  // `cloud` is reserved on create and update only (a bind schema may use the name).
  const { [CLOUD]: cloudGiven, ...withoutCloud } = unreserved;
  const rest = action === "bind" ? unreserved : withoutCloud;
  const cloud = action === "bind" || cloudGiven === undefined ? undefined : requestedCloud(plan, action, cloudGiven);
  let allowReplace = false;
  if (allowReplaceGiven !== undefined) {
    if (action !== "update") throw new ParameterError(`parameters.${ALLOW_REPLACE}: is only accepted on update`);
    if (typeof allowReplaceGiven !== "boolean")
      throw new ParameterError(`parameters.${ALLOW_REPLACE}: must be boolean`);
    allowReplace = allowReplaceGiven;
  }
  const {
    [ALLOW_REPLACE]: _ignored,
    [CLOUD]: _cloud,
    ...previous
  } = action === "update" ? (options.previous ?? {}) : {};
  // Plan defaults are instance parameters (checked against the create schema): a binding gets only
  // what its request gives, so a binding stack can tell "not given" (null) from a default.
  const base = action === "bind" ? {} : { ...plan.defaults, ...previous };
  const schema = plan.schemas[action];
  const names = Object.keys(rest);
  if (!schema) {
    if (names.length > 0) {
      throw new ParameterError(
        `plan ${plan.name} accepts no parameters for ${action} (got ${names.map((n) => `parameters.${n}`).join(", ")})`,
      );
    }
  } else {
    const validate = compileCheckedSchema(schema); // a plan's schema: the catalog load checked it
    if (!validate(rest)) {
      const errors = (validate.errors ?? []).filter(
        (e) =>
          !(e.keyword === "required" && e.instancePath === "" && Object.hasOwn(base, String(e.params.missingProperty))),
      );
      const failures = describeAjvErrors(errors, "parameters");
      if (failures.length > 0) throw new ParameterError(failures.map((f) => `${f.field}: ${f.message}`).join("; "));
    }
  }
  return { values: { ...base, ...rest }, allowReplace, ...(cloud === undefined ? {} : { cloud }) };
}

/**
 * The reserved `cloud` parameter: accepted on create when the plan lists `clouds` and names one of
 * them; refused on update (an instance's cloud never changes).
 */
function requestedCloud(plan: PlanDefinition, action: ParameterAction, given: unknown): string | undefined {
  if (action === "update")
    throw new ParameterError(`parameters.${CLOUD}: an instance's cloud is chosen at provision and never changes`);
  if (typeof given !== "string") throw new ParameterError(`parameters.${CLOUD}: must be a string`);
  if (plan.clouds === undefined)
    throw new ParameterError(`parameters.${CLOUD}: plan ${plan.name} does not offer a choice of cloud`);
  if (!plan.clouds.includes(given)) {
    throw new ParameterError(
      `parameters.${CLOUD}: ${JSON.stringify(given)} is not allowed by plan ${plan.name} (allowed: ${plan.clouds.join(", ")})`,
    );
  }
  return given;
}
