/**
 * `DefaultFunc: schema.EnvDefaultFunc(k, dv)` / `MultiEnvDefaultFunc(ks, dv)`: the first of the
 * variables that is set to a non-empty value in the provider process's environment, else the
 * fallback (nil: no default).
 */
import type { AttributeRules, RuleValueType } from "../../provider-rules/types.js";

/** The value of an EnvDefaultFunc for an attribute of `type`, or null when it yields nothing. */
export function envDefaultValue(
  envDefault: NonNullable<AttributeRules["envDefault"]>,
  type: RuleValueType,
  env: NodeJS.ProcessEnv,
): string | number | boolean | null {
  const found = envDefault.variables.map((name) => env[name]).find((value) => value !== undefined && value !== "");
  const raw = found ?? envDefault.fallback ?? null;
  if (raw === null || typeof raw !== "string") return raw;
  // The SDK weakly decodes the string into the attribute's type (mapstructure.WeakDecode).
  if (type === "int" || type === "float") {
    const number = Number(raw);
    return raw.trim() !== "" && Number.isFinite(number) ? number : raw;
  }
  if (type === "bool")
    return raw === "1" || raw.toLowerCase() === "true"
      ? true
      : raw === "0" || raw.toLowerCase() === "false" || raw === ""
        ? false
        : raw;
  return raw;
}
