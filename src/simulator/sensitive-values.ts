import { createHash } from "node:crypto";
import { isObject } from "./block-values.js";
import type { TfObject, TfValue } from "./msgpack-values.js";
import type { SchemaBlock } from "./schema-types.js";

function mapBlocks(
  block: SchemaBlock,
  value: TfObject,
  other: TfValue | undefined,
  fn: (block: SchemaBlock, item: TfObject, other: TfValue | undefined) => TfObject,
): TfObject {
  const out: TfObject = { ...value };
  const otherObject = isObject(other) ? other : {};
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const current = out[name];
    const counterpart = otherObject[name];
    if (Array.isArray(current)) {
      out[name] = current.map((item, i) =>
        isObject(item) ? fn(nested.block, item, Array.isArray(counterpart) ? counterpart[i] : undefined) : item,
      );
    } else if (isObject(current) && (nested.nesting_mode === "single" || nested.nesting_mode === "group")) {
      out[name] = fn(nested.block, current, counterpart);
    } else if (isObject(current)) {
      const mapped: TfObject = {};
      for (const [key, item] of Object.entries(current)) {
        mapped[key] = isObject(item)
          ? fn(nested.block, item, isObject(counterpart) ? counterpart[key] : undefined)
          : item;
      }
      out[name] = mapped;
    }
  }
  return out;
}

/**
 * The state as the simulated cloud keeps it at rest: sensitive attributes (passwords, private keys,
 * credential secrets) are dropped, as a real API would not return them either.
 */
export function redactSensitive(block: SchemaBlock, value: TfObject): TfObject {
  const out = mapBlocks(block, value, undefined, (nested, item) => redactSensitive(nested, item));
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    if (attribute.sensitive && name in out) out[name] = null;
  }
  return out;
}

/** Puts back the sensitive values terraform already holds (from `current`, position by position). */
export function restoreSensitive(block: SchemaBlock, stored: TfObject, current: TfValue | undefined): TfObject {
  const out = mapBlocks(block, stored, current, (nested, item, other) => restoreSensitive(nested, item, other));
  const source = isObject(current) ? current : {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    if (attribute.sensitive && (out[name] === null || out[name] === undefined)) out[name] = source[name] ?? null;
  }
  return out;
}

/**
 * What the cloud keeps to check a secret later without storing it (Keystone keeps an application
 * credential's secret hashed; a database keeps a password hash): a SHA-256 of each top-level
 * sensitive string attribute. Absent when the block has none.
 */
export function secretVerifiers(block: SchemaBlock, value: TfObject): { verifiers?: Record<string, string> } {
  const verifiers: Record<string, string> = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    const current = value[name];
    if (attribute.sensitive && typeof current === "string" && current !== "") verifiers[name] = verifierOf(current);
  }
  return Object.keys(verifiers).length > 0 ? { verifiers } : {};
}

/** The verifier of one secret (see {@link secretVerifiers}). */
export function verifierOf(secret: string): string {
  return `sha256:${createHash("sha256").update(secret).digest("hex")}`;
}
