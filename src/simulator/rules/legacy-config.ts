/**
 * The configuration as the terraform-plugin-sdk v2 sees it while validating
 * (`terraform.NewResourceConfigShimmed` → `hcl2shim.ConfigValueFromHCL2Block`): null attributes and
 * empty block lists are absent, unknown values are the `UnknownVariableValue` marker, sets are lists,
 * and values are addressed by flatmap keys (`network.0.uuid`). The SDK's validation rules
 * (ConflictsWith, RequiredWith, ...) are defined over this view, so the simulator uses it too.
 */
import { isUnknown, type TfValue } from "../msgpack-values.js";
import type { SchemaBlock } from "../schema-types.js";

/** hcl2shim.UnknownVariableValue. */
export const UNKNOWN_VARIABLE = Symbol("UnknownVariableValue");

/** A value in the legacy view. */
export type LegacyValue =
  | string
  | number
  | boolean
  | typeof UNKNOWN_VARIABLE
  | null
  | LegacyValue[]
  | { [key: string]: LegacyValue };

/** The result of {@link LegacyConfig.get}: `ok` is false when the key is absent. */
export interface LegacyLookup {
  readonly ok: boolean;
  readonly value: LegacyValue | undefined;
}

/** terraform.ResourceConfig, read-only. */
export interface LegacyConfig {
  readonly root: { [key: string]: LegacyValue };
  /** ResourceConfig.Get. */
  get(key: string): LegacyLookup;
  /** ResourceConfig.IsComputed: the key is present and (anything inside) its value is unknown. */
  isComputed(key: string): boolean;
}

function fromValue(value: TfValue): LegacyValue {
  if (isUnknown(value)) return UNKNOWN_VARIABLE;
  if (value === null) return null;
  if (Array.isArray(value)) return value.map(fromValue);
  if (typeof value === "object") {
    const out: { [key: string]: LegacyValue } = {};
    for (const [key, item] of Object.entries(value)) out[key] = fromValue(item);
    return out;
  }
  return value;
}

function fromBlock(block: SchemaBlock, value: { [key: string]: TfValue }): { [key: string]: LegacyValue } {
  const out: { [key: string]: LegacyValue } = {};
  for (const name of Object.keys(block.attributes ?? {})) {
    const item = value[name];
    // MUST skip nulls altogether, as HCL1 did: a null argument is "not set" for every SDK rule.
    if (item !== null && item !== undefined) out[name] = fromValue(item);
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const item = value[name];
    if (item === null || item === undefined) continue;
    if (isUnknown(item)) {
      out[name] = UNKNOWN_VARIABLE;
      continue;
    }
    if (nested.nesting_mode === "single" || nested.nesting_mode === "group") {
      if (typeof item === "object" && !Array.isArray(item))
        out[name] = fromBlock(nested.block, item as { [key: string]: TfValue });
    } else if (nested.nesting_mode === "map") {
      if (typeof item !== "object" || Array.isArray(item) || Object.keys(item).length === 0) continue;
      const mapped: { [key: string]: LegacyValue } = {};
      for (const [key, element] of Object.entries(item)) {
        mapped[key] = isUnknown(element)
          ? UNKNOWN_VARIABLE
          : fromBlock(nested.block, element as { [key: string]: TfValue });
      }
      out[name] = mapped;
    } else if (Array.isArray(item) && item.length > 0) {
      // Empty block lists are skipped "to better mimic how HCL1 would behave".
      out[name] = item.map((element) =>
        isUnknown(element) ? UNKNOWN_VARIABLE : fromBlock(nested.block, element as { [key: string]: TfValue }),
      );
    }
  }
  return out;
}

/** True when the value holds no unknown anywhere (schema.isWhollyKnown). */
export function isWhollyKnown(value: LegacyValue | undefined): boolean {
  if (value === UNKNOWN_VARIABLE) return false;
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  if (value !== null && typeof value === "object") return Object.values(value).every(isWhollyKnown);
  return true;
}

function lookup(root: { [key: string]: LegacyValue }, key: string): LegacyLookup {
  const parts = key === "" ? [] : key.split(".");
  let current: LegacyValue | undefined = root;
  let previous: LegacyValue | undefined;
  for (const [i, part] of parts.entries()) {
    if (current === null || current === undefined) return { ok: false, value: undefined };
    if (Array.isArray(current)) {
      previous = current;
      if (part === "#") {
        if (current.some((item) => item === UNKNOWN_VARIABLE)) return { ok: true, value: UNKNOWN_VARIABLE };
        current = current.length;
        continue;
      }
      if (!/^-?\d+$/.test(part)) return { ok: false, value: undefined };
      const index = Number(part);
      if (index < 0 || index >= current.length) return { ok: false, value: undefined };
      current = current[index];
    } else if (typeof current === "object") {
      previous = current;
      const map: { [key: string]: LegacyValue } = current;
      if (!(part in map)) {
        // Map keys may contain dots: try the rest of the key as one map key.
        if (i > 0 && i !== parts.length - 1) {
          const rest = parts.slice(i).join(".");
          return rest in map ? { ok: true, value: map[rest] } : { ok: false, value: undefined };
        }
        return { ok: false, value: undefined };
      }
      current = map[part];
    } else if (
      typeof current === "string" &&
      i > 0 &&
      previous &&
      typeof previous === "object" &&
      !Array.isArray(previous)
    ) {
      const actual = parts.slice(i - 1).join(".");
      const map = previous as { [key: string]: LegacyValue };
      return actual in map ? { ok: true, value: map[actual] } : { ok: false, value: undefined };
    } else {
      // An unknown (or primitive) value has no parts: the SDK treats the key as absent.
      return { ok: false, value: undefined };
    }
  }
  return { ok: true, value: current };
}

/** The legacy view of a resource's (or data source's) configuration. */
export function legacyConfig(block: SchemaBlock, config: TfValue): LegacyConfig {
  const root =
    config !== null && typeof config === "object" && !Array.isArray(config) && !isUnknown(config)
      ? fromBlock(block, config as { [key: string]: TfValue })
      : {};
  return {
    root,
    get: (key) => lookup(root, key),
    isComputed(key) {
      const found = lookup(root, key);
      return found.ok && !isWhollyKnown(found.value);
    },
  };
}
