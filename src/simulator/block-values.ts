import { isUnknown, UNKNOWN, type TfObject, type TfValue } from "./msgpack-values.js";
import type { CtyType, SchemaBlock, SchemaNestedBlock } from "./schema-types.js";

/** True for a plain (non-null, known) object. */
export function isObject(value: TfValue | undefined): value is TfObject {
  return (
    value !== null && value !== undefined && typeof value === "object" && !Array.isArray(value) && !isUnknown(value)
  );
}

/** The value terraform expects for an absent nested block: [] for list/set, {} for map, null otherwise. */
export function emptyBlockValue(nested: SchemaNestedBlock): TfValue {
  if (nested.nesting_mode === "list" || nested.nesting_mode === "set") return [];
  if (nested.nesting_mode === "map") return {};
  return null;
}

/**
 * Returns a copy of `value` shaped exactly like `block`: every attribute and block key present
 * (attributes null, absent blocks empty) and keys the schema does not know dropped.
 */
export function conformToBlock(block: SchemaBlock, value: TfValue | undefined): TfObject {
  const source = isObject(value) ? value : {};
  const out: TfObject = {};
  for (const name of Object.keys(block.attributes ?? {})) out[name] = source[name] ?? null;
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const current = source[name];
    if (current === null || current === undefined) out[name] = emptyBlockValue(nested);
    else if (isUnknown(current)) out[name] = current;
    else if (nested.nesting_mode === "single" || nested.nesting_mode === "group")
      out[name] = conformToBlock(nested.block, current);
    else if (Array.isArray(current)) out[name] = current.map((item) => conformToBlock(nested.block, item));
    else if (isObject(current)) {
      const mapped: TfObject = {};
      for (const [key, item] of Object.entries(current)) mapped[key] = conformToBlock(nested.block, item);
      out[name] = mapped;
    } else out[name] = emptyBlockValue(nested);
  }
  return out;
}

/** Marks every computed attribute that is null as unknown, recursively through nested blocks. */
export function markComputedUnknown(block: SchemaBlock, value: TfObject): TfObject {
  const out: TfObject = { ...value };
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    if (attribute.computed && (out[name] === null || out[name] === undefined)) out[name] = UNKNOWN;
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const current = out[name];
    if (Array.isArray(current))
      out[name] = current.map((item) => (isObject(item) ? markComputedUnknown(nested.block, item) : item));
    else if (isObject(current) && (nested.nesting_mode === "single" || nested.nesting_mode === "group")) {
      out[name] = markComputedUnknown(nested.block, current);
    } else if (isObject(current) && nested.nesting_mode === "map") {
      const mapped: TfObject = {};
      for (const [key, item] of Object.entries(current))
        mapped[key] = isObject(item) ? markComputedUnknown(nested.block, item) : item;
      out[name] = mapped;
    }
  }
  return out;
}

/** A known zero value of a cty type: "" / 0 / false / [] / {} / an object of zero values. */
export function zeroValue(type: CtyType): TfValue {
  if (type === "string") return "";
  if (type === "number") return 0;
  if (type === "bool") return false;
  if (type === "dynamic") return null;
  const [kind, element] = type as readonly [string, unknown];
  if (kind === "list" || kind === "set" || kind === "tuple") return [];
  if (kind === "map") return {};
  if (kind === "object") {
    const out: TfObject = {};
    for (const [key, attrType] of Object.entries(element as Record<string, CtyType>)) out[key] = zeroValue(attrType);
    return out;
  }
  return null;
}

/** Deep structural equality for decoded values (unknowns compare by their bytes). */
export function valuesEqual(a: TfValue | undefined, b: TfValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (isUnknown(a) || isUnknown(b))
    return isUnknown(a) && isUnknown(b) && Buffer.compare(Buffer.from(a.raw), Buffer.from(b.raw)) === 0;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => valuesEqual(item, b[i]))
    );
  }
  if (typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!valuesEqual((a as TfObject)[key] ?? null, (b as TfObject)[key] ?? null)) return false;
    return true;
  }
  return false;
}
