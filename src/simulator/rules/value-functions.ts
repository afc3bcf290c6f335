/**
 * The provider's StateFuncs and DiffSuppressFuncs whose behaviour the rules table names (`known`):
 * what the SDK stores instead of the configured value, and which old/new pairs it treats as equal.
 * Values are the SDK's flatmap strings. Unnamed functions are not modelled (docs/simulator.md).
 */
import { createHash } from "node:crypto";
import { normalizeJsonString } from "./go-json.js";
import { rfc3339Error } from "./go-time.js";

const STATE_FUNCTIONS: Readonly<Record<string, (value: string) => string>> = {
  /** compute_instance_v2 user_data: "just stash the hash for state & diff comparisons". */
  "sha1-hex": (value) => createHash("sha1").update(value, "utf8").digest("hex"),
  /** structure.NormalizeJsonString (lb_flavorprofile_v2 flavor_data, port binding profile). */
  "json-normalize": normalizeJsonString,
  /** strings.ToLower (secgroup_rule_v2 remote_ip_prefix). */
  "lower-case": (value) => value.toLowerCase(),
};

const sameTime = (a: string, b: string) => !rfc3339Error(a) && !rfc3339Error(b) && Date.parse(a) === Date.parse(b);

const DIFF_SUPPRESSORS: Readonly<Record<string, (old: string, value: string) => boolean>> = {
  /** util.go suppressEquivalentTimeDiffs: both RFC 3339 and the same instant. */
  "time-equal": sameTime,
  /** Case-insensitive comparison (strings.EqualFold). */
  "ignore-case": (old, value) => old.toLowerCase() === value.toLowerCase(),
  /** strings.TrimSpace on both sides (keymanager_secret_v1 payload). */
  "trim-space": (old, value) => old.trim() === value.trim(),
  /** util.go diffSuppressJSONObject: "{}" and "" are the same empty object. */
  "json-object-empty": (old, value) => ["{}", ""].includes(old) && ["{}", ""].includes(value),
  /** Semantically equal JSON documents. */
  "json-normalize": (old, value) => normalizeJsonString(old) === normalizeJsonString(value),
  /** compute_instance_v2 suppressAvailabilityZoneDetailDiffs: "zone:host" against a stored "zone". */
  "availability-zone-detail": (old, value) => value.includes(":") && value.split(":")[0] === old,
};

/** The StateFunc of a known behaviour, or undefined. */
export function stateFunction(known: string | undefined): ((value: string) => string) | undefined {
  return known ? STATE_FUNCTIONS[known] : undefined;
}

/** The DiffSuppressFunc of a known behaviour, or undefined. */
export function diffSuppressor(known: string | undefined): ((old: string, value: string) => boolean) | undefined {
  return known ? DIFF_SUPPRESSORS[known] : undefined;
}

/** The behaviours implemented, for docs and tests. */
export const KNOWN_VALUE_FUNCTIONS = { stateFunc: Object.keys(STATE_FUNCTIONS), diffSuppress: Object.keys(DIFF_SUPPRESSORS) } as const;
