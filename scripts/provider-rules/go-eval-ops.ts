/** The evaluator's operators and composite literals (go-eval.ts). */
import type { GoExpr, GoFile } from "./go-ast.js";
import type { GoEvaluator } from "./go-eval.js";
import { goExprText } from "./go-print.js";
import type { GoScope } from "./go-scope.js";
import { type GoValue, GoUnsupported, isPrimitive, opaque } from "./go-values.js";

/** `x op y` on known primitives (`&&` / `||` short-circuit); opaque otherwise. */
export function evalBinary(
  ev: GoEvaluator,
  x: Extract<GoExpr, { k: "binary" }>,
  scope: GoScope | null,
  file: GoFile,
): GoValue {
  const a = ev.eval(x.x, scope, file);
  if (x.op === "&&" && a === false) return false;
  if (x.op === "||" && a === true) return true;
  const b = ev.eval(x.y, scope, file);
  if (!isPrimitive(a) || !isPrimitive(b) || a === null || b === null) {
    if (x.op === "==" || x.op === "!=") {
      if (a === null && b === null) return x.op === "==";
    }
    return opaque(x);
  }
  switch (x.op) {
    case "+":
      return typeof a === "string" || typeof b === "string" ? String(a) + String(b) : (a as number) + (b as number);
    case "-":
      return (a as number) - (b as number);
    case "*":
      return (a as number) * (b as number);
    case "/":
      return Math.trunc((a as number) / (b as number));
    case "%":
      return (a as number) % (b as number);
    case "<<":
      return (a as number) * 2 ** (b as number);
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "&&":
    case "||":
      return b;
    default:
      return opaque(x);
  }
}

/** A composite literal: maps and slices / arrays by their type (or `hint` when elided), anything else a struct named by its type. */
export function evalComposite(
  ev: GoEvaluator,
  x: Extract<GoExpr, { k: "composite" }>,
  scope: GoScope | null,
  file: GoFile,
  hint: GoExpr | null,
): GoValue {
  let type = x.type ?? hint;
  while (type && (type.k === "star" || type.k === "paren")) type = type.x;
  if (!type) return opaque(x);
  if (type.k === "map") {
    const entries = new Map<string, GoValue>();
    for (const e of x.elts) {
      const key = e.key ? ev.eval(e.key, scope, file) : null;
      if (!isPrimitive(key) || key === null) throw new GoUnsupported(`map key ${e.key ? goExprText(e.key) : "?"}`);
      entries.set(String(key), ev.eval(e.value, scope, file, type.value));
    }
    return { t: "map", entries };
  }
  if (type.k === "array") {
    const elt = type.elt;
    return { t: "slice", items: x.elts.map((e) => ev.eval(e.value, scope, file, elt)) };
  }
  const fields = new Map<string, GoValue>();
  x.elts.forEach((e, i) => {
    const name = e.key?.k === "ident" ? e.key.name : String(i);
    fields.set(name, ev.eval(e.value, scope, file));
  });
  return { t: "struct", type: goExprText(type), fields };
}

/** A Go integer or float literal (`0x1F`, `1_000`, `0o17`, `1e3`). */
export function parseGoNumber(text: string): number {
  const t = text.replace(/_/g, "");
  if (/^0[xX]/.test(t) && !/[.pP]/.test(t)) return parseInt(t.slice(2), 16);
  if (/^0[bB]/.test(t)) return parseInt(t.slice(2), 2);
  if (/^0[oO]/.test(t)) return parseInt(t.slice(2), 8);
  if (/^0[0-7]+$/.test(t)) return parseInt(t.slice(1), 8);
  return Number(t);
}
