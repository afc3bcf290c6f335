/**
 * The provider's own validation functions whose behaviour the rules table names (`known`, with the
 * provider's `message` and `args`), reproducing the provider's messages (openstack/util.go,
 * networking_secgroup_rule_v2.go, identity_user_v3.go, images_image_v2.go,
 * data_source_openstack_keymanager_secret_v1.go, resource_openstack_lb_l7*_v2.go ...). A provider
 * validator without a known behaviour is skipped (docs/simulator.md, "Provider rules").
 */
import type { RuleArg, RuleValidator } from "../../provider-rules/types.js";
import { goQuote, goSprintf } from "./go-format.js";
import { goJsonError } from "./go-json.js";
import { rfc3339Error } from "./go-time.js";
import { goParseRequestUriError } from "./go-url.js";
import type { ValidationOutcome, ValidatorRunner } from "./sdk-validators.js";

const ok: ValidationOutcome = { warnings: [], errors: [] };
const fail = (...errors: string[]): ValidationOutcome => ({ warnings: [], errors });
const strings = (arg: RuleArg | undefined): string[] => (Array.isArray(arg) ? arg.map(String) : []);

/** strconv.Atoi's error, or undefined. */
function atoiError(value: string): string | undefined {
  if (!/^[+-]?\d+$/.test(value)) return `strconv.Atoi: parsing ${goQuote(value)}: invalid syntax`;
  return Math.abs(Number(value)) > 2 ** 63 - 1
    ? `strconv.Atoi: parsing ${goQuote(value)}: value out of range`
    : undefined;
}

/** A provider validator's rule: the table also gives the provider's message (a Go format string) and its arguments. */
type ProviderValidator = RuleValidator & { readonly message?: string; readonly messageArgs?: readonly string[] };

/**
 * The provider's message with its arguments in the provider's order (`messageArgs`: "value", "key",
 * "err"; without them value then key, the order of networking_secgroup_rule_v2.go).
 */
function format(
  validator: ProviderValidator,
  message: string,
  values: { value: string; key: string; err?: string },
): string {
  const names = validator.messageArgs ?? ["value", "key", "err"];
  return goSprintf(
    message,
    names.map((name) => (name === "value" ? values.value : name === "key" ? values.key : (values.err ?? name))),
  );
}

type Known = (value: unknown, k: string, validator: ProviderValidator) => ValidationOutcome;

const KNOWN_VALIDATORS: Readonly<Record<string, Known>> = {
  /** util.go validateJSONObject: not empty, and json.Unmarshal into a map[string]any succeeds. */
  "json-object"(value, k) {
    if (value === null || value === "") return fail(`${goQuote(k)} value must not be empty`);
    const error = goJsonError(String(value), "map[string]interface {}");
    return error ? fail(`${goQuote(k)} must be a JSON object: ${error}`) : ok;
  },
  /** A switch over accepted strings (secgroup rule direction/ethertype) or `v != a && v != b`. */
  "string-in-slice"(value, k, validator) {
    const { args = [], message } = validator;
    const valid = strings(args[0]);
    const s = String(value);
    if (valid.some((item) => item === s || (args[1] === true && item.toLowerCase() === s.toLowerCase()))) return ok;
    return fail(message ? format(validator, message, { value: s, key: k }) : `unknown ${goQuote(s)} ${k}`);
  },
  /** secgroup rule protocol: a known name, or an integer 0-255. */
  "string-in-slice-or-int-between"(value, k, validator) {
    const { args = [], message = "unknown %q %s: %w" } = validator;
    const s = String(value);
    if (strings(args[0]).includes(s)) return ok;
    const error = atoiError(s);
    if (error) return fail(format(validator, message, { value: s, key: k, err: error }));
    const n = Number(s);
    // Out of range, the provider returns the same message without its ": %w".
    return n < Number(args[1]) || n > Number(args[2])
      ? fail(format(validator, message.replace(/: %w$/, ""), { value: s, key: k }))
      : ok;
  },
  /** `value != 4 && value != 6` (subnetpool ip_version). */
  "int-in-slice"(value, _k, { args = [], message = "" }) {
    return (Array.isArray(args[0]) ? args[0].map(Number) : []).includes(Number(value)) ? ok : fail(message);
  },
  /** lb_l7rule_v2 value: `len(v.(string)) == 0`. */
  "not-empty"(value, _k, { message = "" }) {
    return String(value).length === 0 ? fail(message) : ok;
  },
  /** lb_l7policy_v2 redirect_url: url.ParseRequestURI. */
  "url-request-uri"(value, k, validator) {
    const error = goParseRequestUriError(String(value));
    return error
      ? fail(
          format({ messageArgs: ["err"], ...validator }, validator.message ?? "URL is not valid: %w", {
            value: String(value),
            key: k,
            err: error,
          }),
        )
      : ok;
  },
  /** identity_user_v3 validatePasswordExpiresAtQuery: `{operator}:{timestamp}`. */
  "operator-timestamp"(value, k, { args = [] }) {
    const s = String(value);
    const colon = s.indexOf(":");
    // Without a colon the provider indexes past its slice and panics; the first message is what it means.
    if (colon < 0) return fail(`${k} '${s}' does not match expected format: {operator}:{timestamp}`);
    const [operator, timestamp] = [s.slice(0, colon), s.slice(colon + 1)];
    const errors: string[] = [];
    if (!strings(args[0]).includes(operator)) {
      errors.push(
        `'${operator}' is not a valid operator for ${k}. Choose one of 'lt', 'lte', 'gt', 'gte', 'eq', 'neq'`,
      );
    }
    if (rfc3339Error(timestamp))
      errors.push(`'${timestamp}' is not a valid timestamp for ${k}. It should be in the form 'YYYY-MM-DDTHH:mm:ssZ'`);
    return fail(...errors);
  },
  /** images_image_v2 dataSourceValidateImageSortFilter: `key[:direction],...`. */
  "image-sort-filter"(value, _k, { args = [] }) {
    const keys = strings(args[0]);
    const directions = strings(args[1]);
    const errors: string[] = [];
    for (const pair of String(value).split(",")) {
      const parts = pair.split(":");
      if (!keys.includes(parts[0]))
        errors.push(`Invalid sorting key: ${parts[0]}. Has to be one of: ${goSprintf("%+q", [keys])}`);
      // The provider names the key, not the direction, in this message.
      if (parts.length > 1 && !directions.includes(parts[1]))
        errors.push(`Invalid sorting direction: ${parts[0]}. Has to be one of: ${goSprintf("%+q", [directions])}`);
    }
    return fail(...errors);
  },
  /** keymanager_secret_v1 dataSourceValidateDateFilter: `[filter:]RFC3339`. */
  "date-filter"(value, _k, { args = [] }) {
    const filters = strings(args[0]);
    const s = String(value);
    const match = new RegExp(`^(${filters.join("|")}):`).exec(s);
    const parts = match ? [s.slice(0, s.indexOf(":")), s.slice(s.indexOf(":") + 1)] : [s];
    const errors: string[] = [];
    if (parts.length === 2 && !filters.includes(parts[0]))
      errors.push(`Invalid ${goQuote(parts[0])} date filter, supported: ${goSprintf("%+q", [filters])}`);
    const error = rfc3339Error(parts[parts.length - 1]);
    if (error) errors.push(error);
    return fail(...errors);
  },
};

/** Runs a provider-defined validator by its known behaviour; undefined when none is known. */
export const runProviderValidator: ValidatorRunner = (validator, value, k) => {
  const run = validator.known ? KNOWN_VALIDATORS[validator.known] : undefined;
  return run ? run(value, k, validator) : undefined;
};
