/**
 * Calls for the evaluator: Go builtins (`string(...)`, `len`, `append`, `make`), the few standard
 * library functions schema code uses on constants (`strings.Join` ...), calls of provider functions
 * (interpreted), and everything else as a symbolic call (`validation.IntBetween(1, 10)`).
 */
import type { GoExpr, GoFile } from "./go-ast.js";
import type { GoEvaluator } from "./go-eval.js";
import type { GoScope } from "./go-scope.js";
import { goExprText } from "./go-print.js";
import { type GoValue, GoUnsupported, isPrimitive, opaque } from "./go-values.js";

type Call = Extract<GoExpr, { k: "call" }>;

function stringsOf(v: GoValue): string[] | undefined {
  if (isPrimitive(v) || v.t !== "slice") return undefined;
  return v.items.every((i) => typeof i === "string") ? (v.items as string[]) : undefined;
}

/** Standard library functions evaluated on known arguments; `undefined` when not applicable. */
function stdlib(name: string, args: GoValue[]): GoValue | undefined {
  const [a, b] = args;
  switch (name) {
    case "strings.Join": {
      const list = stringsOf(a);
      return list && typeof b === "string" ? list.join(b) : undefined;
    }
    case "strings.ToLower":
      return typeof a === "string" ? a.toLowerCase() : undefined;
    case "strings.ToUpper":
      return typeof a === "string" ? a.toUpperCase() : undefined;
    case "fmt.Sprint":
      return args.every((x) => isPrimitive(x)) ? args.map(String).join("") : undefined;
    default:
      return undefined;
  }
}

/** Evaluates a call expression. */
export function evalBuiltinCall(ev: GoEvaluator, x: Call, scope: GoScope | null, file: GoFile): GoValue {
  const text = goExprText(x);
  const fn = x.fn;
  if (fn.k === "ident" && !scope?.lookup(fn.name)) {
    const builtin = callBuiltin(ev, fn.name, x, scope, file);
    if (builtin !== undefined) return builtin;
    if (ev.pkg.funcs.has(fn.name)) {
      const args = x.args.map((a) => ev.eval(a, scope, file));
      try {
        return ev.call(fn.name, args);
      } catch (e) {
        if (!(e instanceof GoUnsupported)) throw e;
        return { t: "call", fn: { t: "func", name: fn.name }, args, text };
      }
    }
    return opaque(x);
  }
  if (fn.k === "selector" && fn.x.k === "ident" && !scope?.lookup(fn.x.name) && file.imports.has(fn.x.name)) {
    const args = x.args.map((a) => ev.eval(a, scope, file));
    const known = stdlib(`${fn.x.name}.${fn.sel}`, args);
    if (known !== undefined) return known;
    return { t: "call", fn: ev.eval(fn, scope, file), args, text };
  }
  return opaque(x);
}

function callBuiltin(ev: GoEvaluator, name: string, x: Call, scope: GoScope | null, file: GoFile): GoValue | undefined {
  const arg = (i: number): GoValue => ev.eval(x.args[i], scope, file);
  switch (name) {
    case "string": {
      const v = arg(0);
      return typeof v === "string" ? v : opaque(x);
    }
    case "int":
    case "int32":
    case "int64":
    case "float64": {
      const v = arg(0);
      return typeof v === "number" ? v : opaque(x);
    }
    case "len": {
      const v = arg(0);
      if (typeof v === "string") return Buffer.byteLength(v);
      if (!isPrimitive(v) && v.t === "slice") return v.items.length;
      if (!isPrimitive(v) && v.t === "map") return v.entries.size;
      return opaque(x);
    }
    case "append": {
      const v = arg(0);
      const rest = x.args.slice(1).map((_, i) => arg(i + 1));
      if (v === null) return { t: "slice", items: rest };
      if (!isPrimitive(v) && v.t === "slice" && !x.ellipsis) return { t: "slice", items: [...v.items, ...rest] };
      throw new GoUnsupported(`append ${goExprText(x)}`);
    }
    case "make": {
      const type = x.args[0];
      if (type.k === "map") return { t: "map", entries: new Map() };
      if (type.k === "array" && x.args.length === 1) return { t: "slice", items: [] };
      return opaque(x);
    }
    default:
      return undefined;
  }
}
