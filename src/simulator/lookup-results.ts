/**
 * What the lookups share: the provider's result handling (exactly one match, its messages) and
 * how a data source's arguments are read (`d.GetOk`: "" and 0 are unset).
 */
import { SimulatedApiError } from "./api-errors.js";
import type { SimulatorConfig } from "./config-types.js";
import type { TfObject, TfValue } from "./msgpack-values.js";
import type { SimulatedCloud } from "./simulated-cloud.js";

/** Reads one data source from its (schema-shaped) configuration. */
export type LookupReader = (
  config: TfObject,
  sim: SimulatorConfig,
  cloud: SimulatedCloud,
) => Promise<TfObject> | TfObject;

/** The providers' "no results" message. */
export const NO_RESULTS = "Your query returned no results. Please change your search criteria and try again.";

/** The providers' usual "more than one result" message. */
export const MANY_RESULTS = "Your query returned more than one result. Please try a more specific search criteria";

/** A non-empty string argument (the provider's `d.GetOk` / `d.Get(...) != ""`), or undefined. */
export function text(config: TfObject, key: string): string | undefined {
  const value = config[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A number the configuration sets to something other than 0 (the provider's `d.GetOk`). */
export function setNumber(config: TfObject, key: string): number | undefined {
  const value = config[key];
  return typeof value === "number" && value !== 0 ? value : undefined;
}

/** The strings of a list/set argument. */
export function strings(value: TfValue | undefined): string[] {
  return (Array.isArray(value) ? value : []).filter((v): v is string => typeof v === "string");
}

/** Exactly one match, or the provider's error. */
export function one<T>(matches: readonly T[], many: string, none = NO_RESULTS): T {
  if (matches.length < 1) throw new SimulatedApiError(none);
  if (matches.length > 1) throw new SimulatedApiError(many);
  return matches[0];
}

/** The config's values win over the found ones (arguments keep what the user wrote). */
export function keep(config: TfObject, values: TfObject): TfObject {
  const out: TfObject = { ...config };
  for (const [key, value] of Object.entries(values)) if (out[key] === null || out[key] === undefined) out[key] = value;
  return out;
}
