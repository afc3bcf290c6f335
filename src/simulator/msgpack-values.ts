import { Packr, addExtension } from "msgpackr";

/**
 * Terraform values on the wire (hashicorp/terraform docs/plugin-protocol/object-wire-format.md):
 * msgpack, with unknown values as extension type 0 and refined unknowns (terraform >= 1.6) as
 * extension type 12. Both are kept as their raw encoded bytes so they pass back unchanged.
 */
export class UnknownValue {
  /** The whole encoded msgpack extension (header, type and payload). */
  constructor(readonly raw: Uint8Array) {}
}

/** A plain unknown (extension 0, no refinements). */
export const UNKNOWN = new UnknownValue(Uint8Array.from([0xd4, 0x00, 0x00]));

/** A decoded terraform value: JSON-like data where any node may be unknown. */
export type TfValue = null | string | number | boolean | UnknownValue | TfValue[] | { [key: string]: TfValue };

/** An object value (attributes and blocks by name). */
export type TfObject = { [key: string]: TfValue };

/** True when the value is unknown (plain or refined). */
export function isUnknown(value: unknown): value is UnknownValue {
  return value instanceof UnknownValue;
}

/** True when the value, or anything inside it, is unknown. */
export function containsUnknown(value: TfValue): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

function extHeader(type: number, length: number): Uint8Array {
  if (length === 1) return Uint8Array.from([0xd4, type]);
  if (length === 2) return Uint8Array.from([0xd5, type]);
  if (length === 4) return Uint8Array.from([0xd6, type]);
  if (length === 8) return Uint8Array.from([0xd7, type]);
  if (length === 16) return Uint8Array.from([0xd8, type]);
  if (length < 0x100) return Uint8Array.from([0xc7, length, type]);
  if (length < 0x10000) return Uint8Array.from([0xc8, length >> 8, length & 0xff, type]);
  return Uint8Array.from([0xc9, length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff, type]);
}

function rawExtension(type: number, payload: Uint8Array): UnknownValue {
  const header = extHeader(type, payload.length);
  const raw = new Uint8Array(header.length + payload.length);
  raw.set(header, 0);
  raw.set(payload, header.length);
  return new UnknownValue(raw);
}

// msgpackr refuses to *pack* extension type 0 (falsy), so the class is registered under 12 and its
// pack function writes the raw bytes itself through the allocator (returning nothing).
addExtension({
  Class: UnknownValue,
  type: 12,
  pack(value: UnknownValue, allocate: (size: number) => { target: Uint8Array; position: number }) {
    const { target, position } = allocate(value.raw.length);
    target.set(value.raw, position);
  },
} as never);
addExtension({ type: 0, unpack: (payload: Uint8Array) => rawExtension(0, payload) } as never);
addExtension({ type: 12, unpack: (payload: Uint8Array) => rawExtension(12, payload) } as never);

const packr = new Packr({
  useRecords: false,
  mapsAsObjects: true,
  int64AsType: "number",
  moreTypes: false,
  variableMapSize: true,
});

/** The protobuf DynamicValue. */
export interface DynamicValue {
  readonly msgpack?: Uint8Array | null;
  readonly json?: Uint8Array | null;
}

/** Decodes a DynamicValue (msgpack preferred, JSON accepted); an absent value is null. */
export function decodeDynamic(value: DynamicValue | null | undefined): TfValue {
  if (value?.msgpack && value.msgpack.length > 0) return packr.unpack(value.msgpack) as TfValue;
  if (value?.json && value.json.length > 0) return JSON.parse(Buffer.from(value.json).toString("utf8")) as TfValue;
  return null;
}

/** Encodes a value as a msgpack DynamicValue. */
export function encodeDynamic(value: TfValue): { msgpack: Buffer } {
  return { msgpack: packr.pack(value) };
}
