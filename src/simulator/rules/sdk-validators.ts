/**
 * The terraform-plugin-sdk v2 `helper/validation` functions the provider uses, with the SDK's exact
 * messages (helper/validation/{strings,int,network,time,uuid,meta}.go). A validator gets the decoded
 * value and the flatmap key `k` and returns the SDK's warnings and errors.
 */
import { isIP } from "node:net";
import type { RuleArg, RuleValidator } from "../../provider-rules/types.js";
import { goQuote, goQuoteSlice, goSlice } from "./go-format.js";
import { goRegExp, goRegExpError } from "./go-regexp.js";
import { rfc3339Error } from "./go-time.js";

/** A decoded value as a ValidateFunc receives it (TypeMap: the whole map). */
export type ValidatedValue = string | number | boolean | Readonly<Record<string, unknown>>;

/** What a ValidateFunc returns. */
export interface ValidationOutcome {
  readonly warnings: readonly string[];
  readonly errors: readonly string[];
}

/** Runs one validator; undefined when the simulator does not know it (its check is skipped). */
export type ValidatorRunner = (
  validator: RuleValidator,
  value: ValidatedValue,
  k: string,
) => ValidationOutcome | undefined;

const ok: ValidationOutcome = { warnings: [], errors: [] };
const fail = (message: string): ValidationOutcome => ({ warnings: [], errors: [message] });
const strings = (arg: RuleArg | undefined): string[] => (Array.isArray(arg) ? arg.map(String) : []);
const numbers = (arg: RuleArg | undefined): number[] => (Array.isArray(arg) ? arg.map(Number) : []);

/** net.ParseIP: IPv4 dotted quads, IPv6 without a zone. */
export function goParseIp(value: string): boolean {
  return !value.includes("%") && isIP(value) !== 0;
}

/** net.ParseCIDR's error text (`invalid CIDR address: <value>`), or undefined. */
export function goParseCidrError(value: string): string | undefined {
  const slash = value.indexOf("/");
  const error = `invalid CIDR address: ${value}`;
  if (slash < 0) return error;
  const address = value.slice(0, slash);
  const mask = value.slice(slash + 1);
  if (!goParseIp(address) || !/^\d{1,8}$/.test(mask)) return error;
  return Number(mask) > (isIP(address) === 4 ? 32 : 128) ? error : undefined;
}

/** hashicorp/go-uuid ParseUUID fails. */
function isBadUuid(value: string): boolean {
  if (value.length !== 36 || value[8] !== "-" || value[13] !== "-" || value[18] !== "-" || value[23] !== "-")
    return true;
  return !/^[0-9a-fA-F]{32}$/.test(
    value.slice(0, 8) + value.slice(9, 13) + value.slice(14, 18) + value.slice(19, 23) + value.slice(24),
  );
}

function meta(fn: string, args: readonly RuleArg[], value: ValidatedValue, k: string): ValidationOutcome | undefined {
  const inner = args.filter(
    (arg): arg is RuleValidator => typeof arg === "object" && arg !== null && !Array.isArray(arg),
  );
  // validation.ToDiagFunc passes the last attribute name as k.
  const key =
    fn === "ToDiagFunc"
      ? (k
          .split(".")
          .filter((part) => !/^\d+$/.test(part))
          .pop() ?? k)
      : k;
  const outcomes = inner.map((each) => runSdkValidator(each, value, key));
  if (outcomes.some((outcome) => outcome === undefined)) return undefined;
  const known = outcomes as ValidationOutcome[];
  if (fn === "Any" && known.some((outcome) => outcome.errors.length === 0)) return ok;
  return { warnings: known.flatMap((o) => o.warnings), errors: known.flatMap((o) => o.errors) };
}

/** The SDK validators, by name (values are already of the attribute's type: terraform converted them). */
export const runSdkValidator: ValidatorRunner = (validator, value, k) => {
  const { fn, args = [] } = validator;
  if (fn === "All" || fn === "Any" || fn === "ToDiagFunc") return meta(fn, args, value, k);
  const s = String(value);
  const n = Number(value);
  switch (fn) {
    case "StringInSlice": {
      const valid = strings(args[0]);
      const ignoreCase = args[1] === true;
      const found = valid.some((item) => item === s || (ignoreCase && item.toLowerCase() === s.toLowerCase()));
      return found ? ok : fail(`expected ${k} to be one of ${goQuoteSlice(valid)}, got ${s}`);
    }
    case "IntBetween":
      return n < Number(args[0]) || n > Number(args[1])
        ? fail(`expected ${k} to be in the range (${args[0]} - ${args[1]}), got ${n}`)
        : ok;
    case "IntAtLeast":
      return n < Number(args[0]) ? fail(`expected ${k} to be at least (${args[0]}), got ${n}`) : ok;
    case "IntAtMost":
      return n > Number(args[0]) ? fail(`expected ${k} to be at most (${args[0]}), got ${n}`) : ok;
    case "IntInSlice": {
      const valid = numbers(args[0]);
      return valid.includes(n) ? ok : fail(`expected ${k} to be one of ${goSlice(valid)}, got ${n}`);
    }
    case "StringMatch": {
      const pattern = String(args[0] ?? "");
      const message = typeof args[1] === "string" ? args[1] : "";
      const regexp = goRegExp(pattern);
      if (!regexp) return undefined;
      if (regexp.test(s)) return ok;
      return fail(
        message
          ? `invalid value for ${k} (${message})`
          : `expected value of ${k} to match regular expression ${goQuote(pattern)}, got ${s}`,
      );
    }
    case "StringIsValidRegExp": {
      const error = goRegExpError(s);
      return error ? fail(`${goQuote(k)}: ${error}`) : ok;
    }
    case "IsIPAddress":
      return goParseIp(s) ? ok : fail(`expected ${k} to contain a valid IP, got: ${s}`);
    case "IsCIDR": {
      const error = goParseCidrError(s);
      return error ? fail(`expected ${goQuote(k)} to be a valid IPv4 Value, got ${s}: ${error}`) : ok;
    }
    case "IsRFC3339Time": {
      const error = rfc3339Error(s);
      return error ? fail(`expected ${goQuote(k)} to be a valid RFC3339 date, got ${goQuote(s)}: ${error}`) : ok;
    }
    case "IsUUID":
      return isBadUuid(s) ? fail(`expected ${goQuote(k)} to be a valid UUID, got ${s}`) : ok;
    default:
      return undefined;
  }
};
