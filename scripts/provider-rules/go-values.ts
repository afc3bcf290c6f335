/**
 * The values the evaluator computes from the provider's schema code: Go literals as JS primitives,
 * composite literals as mutable structs / maps / slices (pointers share them, as in Go), and symbolic
 * values for what is not evaluated (external identifiers, calls into the SDK, function literals).
 */
import type { GoExpr, GoFile } from "./go-ast.js";
import { goExprText } from "./go-print.js";

export interface GoStruct {
  readonly t: "struct";
  /** The literal's type as written (`schema.Resource`, `schema.Schema`). */
  readonly type: string;
  readonly fields: Map<string, GoValue>;
}
export interface GoMap {
  readonly t: "map";
  readonly entries: Map<string, GoValue>;
}
export interface GoSlice {
  readonly t: "slice";
  readonly items: GoValue[];
}
/** An identifier of another package (`schema.TypeString`, `validation.IsCIDR`): `pkg` is its import path. */
export interface GoExternal {
  readonly t: "ext";
  readonly pkg: string;
  readonly alias: string;
  readonly name: string;
}
/** A call not evaluated (into the SDK or the standard library), with its evaluated arguments. */
export interface GoCall {
  readonly t: "call";
  readonly fn: GoValue;
  readonly args: readonly GoValue[];
  readonly text: string;
}
/** A top-level function of the provider, by name. */
export interface GoFuncRef {
  readonly t: "func";
  readonly name: string;
}
/** A function literal, kept as syntax for the recognisers. */
export interface GoFuncLit {
  readonly t: "funclit";
  readonly node: Extract<GoExpr, { k: "funclit" }>;
  readonly file: GoFile;
}
/** Anything else (e.g. `d.Get("x")`): kept as text, never a fact. */
export interface GoOpaque {
  readonly t: "opaque";
  readonly text: string;
}

/** Thrown when provider code uses what the interpreter does not run (the caller falls back to a symbolic value). */
export class GoUnsupported extends Error {}

export type GoValue =
  | string
  | number
  | boolean
  | null
  | GoStruct
  | GoMap
  | GoSlice
  | GoExternal
  | GoCall
  | GoFuncRef
  | GoFuncLit
  | GoOpaque;

export function isPrimitive(v: GoValue): v is string | number | boolean | null {
  return v === null || typeof v !== "object";
}

export function opaque(x: GoExpr | string): GoOpaque {
  return { t: "opaque", text: typeof x === "string" ? x : goExprText(x) };
}

/** The qualified name of an external value (`validation.StringInSlice`), or of a called one. */
export function externalName(v: GoValue): string | undefined {
  if (v && typeof v === "object") {
    if (v.t === "ext") return `${v.alias}.${v.name}`;
    if (v.t === "call") return externalName(v.fn);
  }
  return undefined;
}

/** Short text for a value, for `unmodelled` descriptions. */
export function valueText(v: GoValue): string {
  if (isPrimitive(v)) return JSON.stringify(v);
  switch (v.t) {
    case "struct":
      return `${v.type}{...}`;
    case "map":
      return "map{...}";
    case "slice":
      return `[${v.items.map(valueText).join(", ")}]`;
    case "ext":
      return `${v.alias}.${v.name}`;
    case "call":
      return v.text;
    case "func":
      return v.name;
    case "funclit":
      return goExprText(v.node);
    case "opaque":
      return v.text;
  }
}
