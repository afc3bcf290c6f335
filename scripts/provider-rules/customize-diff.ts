/**
 * A resource's `CustomizeDiff` into `CustomizeDiffRule`s:
 * - `customdiff.All(...)` / `customdiff.Sequence(...)`: each part;
 * - `customdiff.ForceNewIfChange("attr", func(old, new, meta) bool { return old.(string) == "" })` →
 *   `force-new-if-change` with condition `old-empty`;
 * - a function whose statements are `x := d.Get("attr").(T)` bindings and `if cond { return errors.New(msg) }`
 *   → one `error` per `if`, the condition written with attribute names (`auth_type == "none" && password != ""`);
 *   `if cond { d.Clear("a") }` → `other` ("... cleared from the plan");
 * - named functions of known-functions.ts.
 * Anything else is noted in `unmodelled` at `<type>.CustomizeDiff`.
 */
import type { CustomizeDiffRule } from "../../src/provider-rules/types.js";
import type { GoBlock, GoExpr, GoStmt } from "./go-ast.js";
import { goExprText } from "./go-print.js";
import { type GoValue, externalName, isPrimitive, valueText } from "./go-values.js";
import { calleeName } from "./go-walk.js";
import { KNOWN_CUSTOMIZE_DIFFS } from "./known-functions.js";
import type { RulesContext } from "./schema-rules.js";

/** The rules of one CustomizeDiff value (null: none). */
export function customizeDiffRules(v: GoValue, path: readonly string[], ctx: RulesContext): CustomizeDiffRule[] {
  if (v === null) return [];
  const name = externalName(v);
  if (!isPrimitive(v) && v.t === "call" && (name === "customdiff.All" || name === "customdiff.Sequence")) {
    return v.args.flatMap((a) => customizeDiffRules(a, path, ctx));
  }
  if (!isPrimitive(v) && v.t === "call" && name === "customdiff.ForceNewIfChange") {
    const [attribute, cond] = v.args;
    const condition = !isPrimitive(cond) && cond.t === "funclit" ? forceNewCondition(cond.node.body) : undefined;
    if (typeof attribute === "string" && condition) return [{ kind: "force-new-if-change", attribute, condition }];
  }
  if (!isPrimitive(v) && v.t === "func" && KNOWN_CUSTOMIZE_DIFFS[v.name]) return [KNOWN_CUSTOMIZE_DIFFS[v.name]];
  const body =
    !isPrimitive(v) && v.t === "funclit"
      ? v.node.body
      : !isPrimitive(v) && v.t === "func"
        ? ctx.ev.pkg.funcs.get(v.name)?.decl.body
        : undefined;
  const rules = body ? bodyRules(body) : undefined;
  if (rules) return rules;
  ctx.note(path, `${valueText(v)} not recognised`);
  return [];
}

/** `return old.(string) == ""` → "old-empty". */
function forceNewCondition(body: GoBlock): string | undefined {
  const ret = body.stmts.length === 1 && body.stmts[0].k === "return" ? body.stmts[0].results[0] : undefined;
  if (ret?.k !== "binary" || ret.op !== "==" || ret.y.k !== "lit" || ret.y.value !== "") return undefined;
  const x = ret.x.k === "assert" ? ret.x.x : ret.x;
  return x.k === "ident" && x.name === "old" ? "old-empty" : undefined;
}

function bodyRules(body: GoBlock): CustomizeDiffRule[] | undefined {
  const names = new Map<string, string>();
  const rules: CustomizeDiffRule[] = [];
  for (const s of body.stmts) {
    if (binding(s, names)) continue;
    if (s.k === "return" && s.results.length === 1 && s.results[0].k === "ident" && s.results[0].name === "nil")
      continue;
    if (s.k !== "if" || s.init || s.else) return undefined;
    const condition = render(s.cond, names);
    const ret = s.then.stmts.length === 1 && s.then.stmts[0].k === "return" ? s.then.stmts[0].results[0] : undefined;
    if (ret?.k === "call" && ["errors.New", "fmt.Errorf"].includes(calleeName(ret.fn)) && ret.args[0]?.k === "lit") {
      rules.push({ kind: "error", condition, message: ret.args[0].value });
      continue;
    }
    const cleared = clearedAttributes(s.then);
    if (!cleared) return undefined;
    rules.push({
      kind: "other",
      description: `while ${condition}: ${cleared.join(", ")} are cleared from the plan (kept as in state)`,
    });
  }
  return rules.length ? rules : undefined;
}

/** `x := d.Get("a").(T)` → x = a; `x, _ := d.GetChange("a")` → x = old(a). */
function binding(s: GoStmt, names: Map<string, string>): boolean {
  if (s.k !== "assign" || s.op !== ":=" || s.rhs.length !== 1 || s.lhs[0].k !== "ident") return false;
  let call = s.rhs[0];
  if (call.k === "assert") call = call.x;
  if (call.k !== "call" || call.fn.k !== "selector" || call.args[0]?.k !== "lit") return false;
  const attr = call.args[0].value;
  if (call.fn.sel === "Get" && s.lhs.length === 1) names.set(s.lhs[0].name, attr);
  else if (call.fn.sel === "GetChange") names.set(s.lhs[0].name, `old(${attr})`);
  else return false;
  return true;
}

function clearedAttributes(block: GoBlock): string[] | undefined {
  const cleared: string[] = [];
  for (const s of block.stmts) {
    if (s.k !== "if" || s.init?.k !== "assign") return undefined;
    const call = s.init.rhs[0];
    if (call?.k !== "call" || call.fn.k !== "selector" || call.fn.sel !== "Clear" || call.args[0]?.k !== "lit")
      return undefined;
    cleared.push(call.args[0].value);
  }
  return cleared.length ? cleared : undefined;
}

/** The condition with bound variables replaced by attribute names. */
function render(x: GoExpr, names: ReadonlyMap<string, string>): string {
  switch (x.k) {
    case "ident":
      return names.get(x.name) ?? x.name;
    case "binary":
      return `${render(x.x, names)} ${x.op} ${render(x.y, names)}`;
    case "unary":
      return `${x.op}${render(x.x, names)}`;
    case "paren":
      return `(${render(x.x, names)})`;
    default:
      return goExprText(x);
  }
}
