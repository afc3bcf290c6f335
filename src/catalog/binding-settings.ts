import { parseDuration } from "../domain/durations.js";
import type { PlanDefinition } from "../domain/service-catalog.js";
import type { Fields } from "./fields.js";

/** The plan keys read here (rotation and expiry of bindings; docs/writing-a-service.md). */
export const BINDING_SETTING_KEYS = ["binding_rotatable", "binding_lifetime", "renew_before"] as const;

type BindingSettings = Pick<PlanDefinition, "binding_rotatable" | "binding_lifetime" | "renew_before">;

/** `{ key: value }` when value is defined, else `{}`. */
const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });

const DURATION_RULE = "must be a duration such as 720h, 30d or 1h30m (days, hours, minutes, seconds)";

/**
 * Reads `binding_rotatable` (boolean), `binding_lifetime` (a duration) and `renew_before` (a fraction
 * of the lifetime between 0 and 1, or a duration shorter than the lifetime; only with a lifetime),
 * reporting each problem at its field.
 */
export function readBindingSettings(f: Fields, raw: Readonly<Record<string, unknown>>): BindingSettings {
  const rotatable = f.boolean("binding_rotatable");
  const lifetime = f.string("binding_lifetime");
  const lifetimeMs = lifetime === undefined ? undefined : parseDuration(lifetime);
  if (lifetime !== undefined && lifetimeMs === undefined) f.problem("binding_lifetime", DURATION_RULE);
  const renew = raw.renew_before;
  let renewBefore: number | string | undefined;
  if (renew !== undefined && renew !== null) {
    if (lifetime === undefined) f.problem("renew_before", "needs binding_lifetime (the lifetime it is a part of)");
    if (typeof renew === "number") {
      if (renew > 0 && renew < 1) renewBefore = renew;
      else f.problem("renew_before", `a fraction of the lifetime must be between 0 and 1 (exclusive), got ${renew}`);
    } else if (typeof renew === "string") {
      const ms = parseDuration(renew);
      if (ms === undefined) f.problem("renew_before", `${DURATION_RULE}, or a fraction of the lifetime such as 0.2`);
      else if (lifetimeMs !== undefined && ms >= lifetimeMs)
        f.problem("renew_before", `${renew} must be shorter than binding_lifetime ${lifetime}`);
      else renewBefore = renew;
    } else {
      f.problem("renew_before", "must be a fraction of the lifetime (0.2) or a duration (168h)");
    }
  }
  return {
    ...optional("binding_rotatable", rotatable),
    ...optional("binding_lifetime", lifetimeMs === undefined ? undefined : lifetime),
    ...optional("renew_before", renewBefore),
  };
}
