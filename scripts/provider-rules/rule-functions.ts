/**
 * `StateFunc` / `DiffSuppressFunc` values into `RuleFunction`s, recognised by name (known-functions.ts)
 * or by shape:
 * - StateFunc: `sha1.Sum` + `hex.EncodeToString` → `sha1-hex`; `structure.NormalizeJsonString` →
 *   `json-normalize`; `strings.ToLower` → `lower-case`;
 * - DiffSuppressFunc: `strings.TrimSpace(o) == strings.TrimSpace(n)` → `trim-space-equal`;
 *   `strings.EqualFold(o, n)` → `ignore-case`; `return o == "A" && n == "B"` → `suppress-old-new` [A, B];
 *   `if o == "A" || o == "B" { return true }` → `suppress-old-in` [[A, B]].
 * Anything else keeps its name without `known` and is noted in `unmodelled`.
 */
import type { RuleArg, RuleFunction } from "../../src/provider-rules/types.js";
import type { GoBlock, GoExpr, GoFuncType } from "./go-ast.js";
import { type GoValue, valueText } from "./go-values.js";
import { callsIn, findGo } from "./go-walk.js";
import { KNOWN_FUNCTIONS } from "./known-functions.js";
import type { RulesContext } from "./schema-rules.js";

type Binary = Extract<GoExpr, { k: "binary" }>;

/** The rule for one StateFunc / DiffSuppressFunc value. */
export function ruleFunction(
  v: GoValue,
  field: "StateFunc" | "DiffSuppressFunc",
  path: readonly string[],
  ctx: RulesContext,
): RuleFunction {
  let fn = "?";
  let shape: Omit<RuleFunction, "fn"> | undefined;
  if (v && typeof v === "object" && v.t === "func") {
    fn = v.name;
    const decl = ctx.ev.pkg.funcs.get(v.name)?.decl;
    shape = KNOWN_FUNCTIONS[v.name] ?? (decl?.body ? recognise(decl.type, decl.body, field) : undefined);
  } else if (v && typeof v === "object" && v.t === "funclit") {
    fn = "func literal";
    shape = recognise(v.node.type, v.node.body, field);
  }
  if (!shape) ctx.note(path, `${field} ${valueText(v)} not recognised`);
  return shape ? { fn, ...shape } : { fn };
}

function recognise(
  type: GoFuncType,
  body: GoBlock,
  field: "StateFunc" | "DiffSuppressFunc",
): Omit<RuleFunction, "fn"> | undefined {
  const calls = new Set(callsIn(body).map((c) => c.name));
  if (field === "StateFunc") {
    if (calls.has("sha1.Sum") && calls.has("hex.EncodeToString")) return { known: "sha1-hex" };
    if (calls.has("structure.NormalizeJsonString")) return { known: "json-normalize" };
    if (calls.has("strings.ToLower")) return { known: "lower-case" };
    return undefined;
  }
  const params = type.params.flatMap((p) => p.names);
  const [oldName, newName] = [params[1], params[2]];
  if (calls.has("strings.EqualFold")) return { known: "ignore-case" };
  const equalities = findGo(body, (n): n is Binary => n.k === "binary" && n.op === "==");
  const trims = equalities.some(
    (b) => isCall(b.x, "strings.TrimSpace", oldName) && isCall(b.y, "strings.TrimSpace", newName),
  );
  if (trims) return { known: "trim-space-equal" };
  const ret = body.stmts.length === 1 && body.stmts[0].k === "return" ? body.stmts[0].results[0] : undefined;
  if (ret?.k === "binary" && ret.op === "&&") {
    const a = literalCompared(ret.x, oldName);
    const b = literalCompared(ret.y, newName);
    if (a !== undefined && b !== undefined) return { known: "suppress-old-new", args: [a, b] };
  }
  const first = body.stmts[0];
  if (first?.k === "if" && first.then.stmts.some(returnsTrue)) {
    const values: RuleArg[] = [];
    const collect = (x: GoExpr): boolean => {
      if (x.k === "binary" && x.op === "||") return collect(x.x) && collect(x.y);
      const lit = literalCompared(x, oldName);
      if (lit === undefined) return false;
      values.push(lit);
      return true;
    };
    if (collect(first.cond)) return { known: "suppress-old-in", args: [values] };
  }
  return undefined;
}

function returnsTrue(s: GoBlock["stmts"][number]): boolean {
  return s.k === "return" && s.results.length === 1 && s.results[0].k === "ident" && s.results[0].name === "true";
}

function isCall(x: GoExpr, name: string, arg: string | undefined): boolean {
  if (x.k !== "call" || x.args.length !== 1 || x.args[0].k !== "ident" || x.args[0].name !== arg) return false;
  return x.fn.k === "selector" && x.fn.x.k === "ident" && `${x.fn.x.name}.${x.fn.sel}` === name;
}

/** `name == "lit"` → "lit". */
function literalCompared(x: GoExpr, name: string | undefined): string | undefined {
  if (x.k !== "binary" || x.op !== "==" || x.x.k !== "ident" || x.x.name !== name) return undefined;
  return x.y.k === "lit" && x.y.kind === "string" ? x.y.value : undefined;
}
