/**
 * ValidateResourceConfig / ValidateDataResourceConfig from the rules table, as the
 * terraform-plugin-sdk v2 does it (helper/schema/schema.go: schemaMap.validate, validateList,
 * validateMap, validatePrimitive, validateType, validateConflictingAttributes & co.): the same
 * checks in the same order, the same summaries, details and attribute paths, and the same
 * treatment of unknown values (a rule over an unknown value waits until the value is known).
 */
import type { AttributeRules, RuleValidator } from "../../provider-rules/types.js";
import type { TfValue } from "../msgpack-values.js";
import type { SchemaBlock } from "../schema-types.js";
import type { AttributePath, RuleDiagnostic } from "./attribute-path.js";
import { envDefaultValue } from "./env-default.js";
import { goFloat } from "./go-format.js";
import { isWhollyKnown, legacyConfig, UNKNOWN_VARIABLE, type LegacyValue } from "./legacy-config.js";
import { runProviderValidator } from "./provider-validators.js";
import { runSdkValidator, type ValidatedValue } from "./sdk-validators.js";
import { isSdkAttribute } from "./sdk-diff.js";

/** Options of {@link validateWithRules}. */
export interface RuleValidationOptions {
  /** The environment `DefaultFunc: schema.EnvDefaultFunc(...)` reads (the provider process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Called with `<key> <validator>` for each validator the simulator does not implement (skipped). */
  readonly onSkipped?: (what: string) => void;
}

type Attributes = Readonly<Record<string, AttributeRules>>;

const sortedKeys = (keys: readonly string[], self: string) => [...new Set([...keys, self])].sort();

function error(summary: string, path: AttributePath, detail?: string): RuleDiagnostic {
  return { severity: "error", summary, path, ...(detail !== undefined ? { detail } : {}) };
}

/** Validates a configuration against a type's rules; returns the SDK's diagnostics. */
export function validateWithRules(
  attributes: Attributes,
  block: SchemaBlock,
  config: TfValue,
  options: RuleValidationOptions = {},
): RuleDiagnostic[] {
  const c = legacyConfig(block, config);
  const env = options.env ?? process.env;

  function runValidators(
    validators: readonly RuleValidator[] | undefined,
    value: ValidatedValue,
    k: string,
    path: AttributePath,
  ): RuleDiagnostic[] {
    const out: RuleDiagnostic[] = [];
    for (const validator of validators ?? []) {
      const outcome = validator.provider
        ? runProviderValidator(validator, value, k)
        : runSdkValidator(validator, value, k);
      if (!outcome) {
        options.onSkipped?.(`${k} ${validator.fn}`);
        continue;
      }
      for (const warning of outcome.warnings) out.push({ severity: "warning", summary: warning, path });
      for (const message of outcome.errors) out.push(error(message, path));
    }
    return out;
  }

  function validatePrimitive(k: string, raw: LegacyValue, rule: AttributeRules, path: AttributePath): RuleDiagnostic[] {
    if (raw === null || c.isComputed(k) || raw === UNKNOWN_VARIABLE) return [];
    if (rule.type === "int" && (typeof raw !== "number" || !Number.isInteger(raw))) {
      return [
        error(`Attribute must be a whole number, got ${typeof raw === "number" ? goFloat(raw) : String(raw)}`, path),
      ];
    }
    return runValidators(rule.validate, raw as ValidatedValue, k, path);
  }

  function validateList(k: string, raw: LegacyValue, rule: AttributeRules, path: AttributePath): RuleDiagnostic[] {
    if (raw === UNKNOWN_VARIABLE || raw === null || !Array.isArray(raw)) return [];
    // A list holding unknowns may come from a dynamic block: the SDK validates it once known.
    if (!isWhollyKnown(raw)) return [];
    if (rule.maxItems !== undefined && rule.maxItems > 0 && raw.length > rule.maxItems) {
      return [
        error(
          "Too many list items",
          path,
          `Attribute ${k} supports ${rule.maxItems} item maximum, but config has ${raw.length} declared.`,
        ),
      ];
    }
    if (rule.minItems !== undefined && rule.minItems > 0 && raw.length < rule.minItems) {
      return [
        error(
          "Not enough list items",
          path,
          `Attribute ${k} requires ${rule.minItems} item minimum, but config has only ${raw.length} declared.`,
        ),
      ];
    }
    const out: RuleDiagnostic[] = [];
    for (const [i, element] of raw.entries()) {
      const key = `${k}.${i}`;
      const elementPath = [...path, { index: i }];
      if (rule.block) out.push(...validateObject(key, rule.block, elementPath));
      else if (rule.elem) {
        const elementRule: AttributeRules = {
          type: rule.elem,
          ...(rule.elemValidate ? { validate: rule.elemValidate } : {}),
        };
        out.push(...validateType(key, c.get(key).ok ? (c.get(key).value ?? null) : element, elementRule, elementPath));
      }
    }
    return out;
  }

  function validateMap(k: string, raw: LegacyValue, rule: AttributeRules, path: AttributePath): RuleDiagnostic[] {
    if (raw === UNKNOWN_VARIABLE || raw === null || typeof raw !== "object" || Array.isArray(raw)) return [];
    return runValidators(rule.validate, raw as ValidatedValue, k, path);
  }

  function validateType(k: string, raw: LegacyValue, rule: AttributeRules, path: AttributePath): RuleDiagnostic[] {
    let out: RuleDiagnostic[];
    if (rule.type === "list") out = validateList(k, raw, rule, path);
    // Indexing into sets is not representable: the SDK truncates paths to the set itself.
    else if (rule.type === "set") out = validateList(k, raw, rule, path).map((d) => ({ ...d, path }));
    else if (rule.type === "map") out = validateMap(k, raw, rule, path);
    else out = validatePrimitive(k, raw, rule, path);
    if (rule.deprecated)
      out.push({ severity: "warning", summary: "Argument is deprecated", detail: rule.deprecated, path });
    return out;
  }

  function validate(k: string, rule: AttributeRules, path: AttributePath): RuleDiagnostic[] {
    let { ok, value: raw } = c.get(k);
    if (!ok && rule.envDefault) {
      const fallback = envDefaultValue(rule.envDefault, rule.type, env);
      raw = fallback === null ? undefined : (fallback as LegacyValue);
      ok = raw !== undefined;
    }
    if (rule.exactlyOneOf?.length) {
      const all = sortedKeys(rule.exactlyOneOf, k);
      let unknown = 0;
      const specified: string[] = [];
      for (const key of all) {
        if (c.isComputed(key)) unknown++;
        else if (c.get(key).ok) specified.push(key);
      }
      if (specified.length === 0 && unknown === 0) {
        return [
          error("Invalid combination of arguments", path, `"${k}": one of \`${all.join(",")}\` must be specified`),
        ];
      }
      if (specified.length > 1) {
        return [
          error(
            "Invalid combination of arguments",
            path,
            `"${k}": only one of \`${all.join(",")}\` can be specified, but \`${specified.join(",")}\` were specified.`,
          ),
        ];
      }
    }
    if (rule.atLeastOneOf?.length) {
      const all = sortedKeys(rule.atLeastOneOf, k);
      if (!all.some((key) => c.get(key).ok))
        return [error("Missing required argument", path, `"${k}": one of \`${all.join(",")}\` must be specified`)];
    }
    if (!ok) {
      return rule.required
        ? [error("Missing required argument", path, `The argument "${k}" is required, but no definition was found.`)]
        : [];
    }
    if (rule.requiredWith?.length) {
      const all = sortedKeys(rule.requiredWith, k);
      if (!all.every((key) => c.get(key).ok))
        return [error("Missing required argument", path, `"${k}": all of \`${all.join(",")}\` must be specified`)];
    }
    if (!isWhollyKnown(raw)) return [];
    for (const other of rule.conflictsWith ?? []) {
      const found = c.get(other);
      // An unknown value might become null once known: the SDK defers the check.
      if (found.ok && found.value !== UNKNOWN_VARIABLE) {
        return [error("Conflicting configuration arguments", path, `"${k}": conflicts with ${other}`)];
      }
    }
    return validateType(k, raw ?? null, rule, path);
  }

  function validateObject(k: string, rules: Attributes, path: AttributePath): RuleDiagnostic[] {
    if (k !== "") {
      const raw = c.get(k).value;
      if (raw === null || raw === undefined || raw === UNKNOWN_VARIABLE) return [];
    }
    const out: RuleDiagnostic[] = [];
    for (const [name, rule] of Object.entries(rules)) {
      // The SDK's own `id` and `timeouts` are not in the provider's schema map: it validates neither.
      if (isSdkAttribute(rule)) continue;
      out.push(...validate(k === "" ? name : `${k}.${name}`, rule, [...path, { attribute: name }]));
    }
    return out;
  }

  return validateObject("", attributes, []);
}
