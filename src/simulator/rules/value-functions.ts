/**
 * The provider's StateFuncs and DiffSuppressFuncs whose behaviour the rules table names (`known`,
 * with `args`): what the SDK stores instead of the configured value, and which old/new pairs it
 * treats as equal (values are the SDK's flatmap strings; a map-valued suppressor compares whole
 * maps). Functions without a known behaviour are not modelled (docs/simulator.md).
 */
import { createHash } from "node:crypto";
import type { RuleArg, RuleFunction } from "../../provider-rules/types.js";
import { normalizeJsonString } from "./go-json.js";
import { rfc3339Error } from "./go-time.js";

/** A StateFunc / DiffSuppressFunc rule: the table also gives the known behaviour's parameters. */
export type ValueFunctionRule = RuleFunction & { readonly args?: readonly RuleArg[] };

const STATE_FUNCTIONS: Readonly<Record<string, (value: string) => string>> = {
  /** compute_instance_v2 user_data: "just stash the hash for state & diff comparisons". */
  "sha1-hex": (value) => createHash("sha1").update(value, "utf8").digest("hex"),
  /** structure.NormalizeJsonString (lb_flavorprofile_v2 flavor_data, port binding profile). */
  "json-normalize": normalizeJsonString,
  /** strings.ToLower (secgroup_rule_v2 remote_ip_prefix). */
  "lower-case": (value) => value.toLowerCase(),
};

type Suppressor = (old: string, value: string, args: readonly RuleArg[]) => boolean;

const DIFF_SUPPRESSORS: Readonly<Record<string, Suppressor>> = {
  /** util.go suppressEquivalentTimeDiffs: both RFC 3339 and the same instant. */
  "time-equal": (old, value) => !rfc3339Error(old) && !rfc3339Error(value) && Date.parse(old) === Date.parse(value),
  /** strings.TrimSpace on both sides (keymanager_secret_v1 payload). */
  "trim-space-equal": (old, value) => old.trim() === value.trim(),
  /** util.go diffSuppressJSONObject: "{}" and "" are the same empty object. */
  "json-empty-object": (old, value) => ["{}", ""].includes(old) && ["{}", ""].includes(value),
  /** compute_instance_v2 suppressAvailabilityZoneDetailDiffs: "zone:host" against a stored "zone". */
  "az-host-detail": (old, value) => value.includes(":") && value.split(":")[0] === old,
  /** suppressPowerStateDiffs: any change while the old value is one of args[0] ("error", "migrating"). */
  "suppress-old-in": (old, _value, args) => Array.isArray(args[0]) && args[0].map(String).includes(old),
  /** `o == args[0] && n == args[1]` (lb_listener_v2 client_authentication "NONE" vs ""). */
  "suppress-old-new": (old, value, args) => old === String(args[0]) && value === String(args[1]),
};

/** textproto.CanonicalMIMEHeaderKey. */
function canonicalHeader(key: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(key)) return key;
  return key.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, letter: string) => dash + letter.toUpperCase());
}

const MAP_SUPPRESSORS: Readonly<
  Record<string, (old: Readonly<Record<string, string>>, value: Readonly<Record<string, string>>) => boolean>
> = {
  /** objectstorage_account_v1 metadata: equal with canonical header keys; a server-set Quota-Bytes may stay. */
  "swift-metadata-canonical"(old, value) {
    const canonical = (map: Readonly<Record<string, string>>) =>
      new Map(Object.entries(map).map(([k, v]) => [canonicalHeader(k), v]));
    const before = canonical(old);
    const after = canonical(value);
    for (const [k, v] of after) if (before.get(k) !== v) return false;
    for (const [k, v] of before)
      if (after.get(k) !== v && !(k === "Quota-Bytes" && (after.get(k) ?? "") === "")) return false;
    return true;
  },
};

/** The StateFunc of a known behaviour, or undefined. */
export function stateFunction(rule: ValueFunctionRule | undefined): ((value: string) => string) | undefined {
  return rule?.known ? STATE_FUNCTIONS[rule.known] : undefined;
}

/** The DiffSuppressFunc of a known behaviour over flatmap strings, or undefined. */
export function diffSuppressor(
  rule: ValueFunctionRule | undefined,
): ((old: string, value: string) => boolean) | undefined {
  const suppress = rule?.known ? DIFF_SUPPRESSORS[rule.known] : undefined;
  return suppress ? (old, value) => suppress(old, value, rule?.args ?? []) : undefined;
}

/** A DiffSuppressFunc comparing whole maps, or undefined. */
export function mapDiffSuppressor(rule: ValueFunctionRule | undefined) {
  return rule?.known ? MAP_SUPPRESSORS[rule.known] : undefined;
}
