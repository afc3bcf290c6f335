/**
 * The provider's own validators (named functions and function literals), recognised by their shape:
 * - `switch T(v.(string)) { case c1, c2...: return nil, nil }` → `known: "string-in-slice"` with the
 *   case values (gophercloud constants resolved), or `"string-in-slice-or-int-between"` when the
 *   function then accepts an integer in a range (`strconv.Atoi` + `p < lo || p > hi`);
 * - `if value != a && value != b { errs = append(errs, ...) }` → `"string-in-slice"` / `"int-in-slice"`;
 * - `url.ParseRequestURI(value)` → `"url-request-uri"`; `len(v.(string)) == 0` → `"not-empty"`;
 * - by name, the functions of known-functions.ts.
 * `message` is the provider's error text (the first `errors.New` / `fmt.Errorf` string) where found.
 */
import type { RuleArg, RuleValidator } from "../../src/provider-rules/types.js";
import type { GoBlock, GoExpr, GoFile, GoStmt } from "./go-ast.js";
import type { GoEvaluator } from "./go-eval.js";
import { type GoFuncLit, type GoFuncRef, isPrimitive } from "./go-values.js";
import { goExprText } from "./go-print.js";
import { callsIn, findGo, walkGo } from "./go-walk.js";
import { KNOWN_VALIDATORS, type KnownValidator } from "./known-functions.js";

type Binary = Extract<GoExpr, { k: "binary" }>;

/** The rule for a provider validator: always `provider: true`, `known` when recognised. */
export function providerValidator(v: GoFuncRef | GoFuncLit, ev: GoEvaluator): RuleValidator {
  const fn = v.t === "func" ? v.name : "func literal";
  const decl = v.t === "func" ? ev.pkg.funcs.get(v.name) : undefined;
  const body = v.t === "func" ? decl?.decl.body : v.node.body;
  const file = v.t === "func" ? decl?.file : v.file;
  if (!body || !file) return { fn, provider: true };
  const named = v.t === "func" ? KNOWN_VALIDATORS[v.name] : undefined;
  const recognised = named
    ? namedValidator(named, body, file, ev)
    : (switchInSlice(body, file, ev) ?? notEqualChain(body, file, ev) ?? simpleShapes(body));
  const params = (v.t === "func" ? decl!.decl.type : v.node.type).params.flatMap((p) => p.names);
  return { fn, provider: true, ...recognised, ...errorMessage(body, params) };
}

function namedValidator(named: KnownValidator, body: GoBlock, file: GoFile, ev: GoEvaluator): Partial<RuleValidator> {
  if (!named.args) return { known: named.known };
  if (named.args === "local-lists") {
    const lists: RuleArg[] = [];
    walkGo(body, (n) => {
      if (n.k !== "assign" || n.op !== ":=" || n.rhs.length !== 1 || n.rhs[0].k !== "composite") return;
      const v = ev.eval(n.rhs[0], null, file);
      if (isPrimitive(v)) return;
      if (v.t === "slice" && v.items.every((i) => typeof i === "string")) lists.push(v.items as string[]);
      if (v.t === "map") lists.push([...v.entries.keys()]);
    });
    return { known: named.known, args: lists };
  }
  const v = ev.call(named.args.call);
  // Unresolved gophercloud constants are reported in `unmodelled`; the behaviour stays known without its args.
  if (isPrimitive(v) || v.t !== "slice" || !v.items.every((i) => typeof i === "string")) return { known: named.known };
  return { known: named.known, args: [v.items as string[]] };
}

/** The first error message, with what its format arguments are: "value" (the validated value), "key" (the attribute name), else Go text. */
function errorMessage(body: GoBlock, params: readonly string[]): Pick<RuleValidator, "message" | "messageArgs"> {
  const [valueParam, keyParam] = params;
  const valueNames = new Set([valueParam]);
  walkGo(body, (n) => {
    if (n.k === "assign" && n.op === ":=" && n.rhs.length === 1 && n.lhs[0]?.k === "ident") {
      const r = n.rhs[0];
      if (r.k === "assert" && r.x.k === "ident" && r.x.name === valueParam) valueNames.add(n.lhs[0].name);
    }
  });
  const role = (x: GoExpr): string => {
    const inner = x.k === "assert" ? x.x : x;
    if (inner.k === "ident" && valueNames.has(inner.name)) return "value";
    if (inner.k === "ident" && inner.name === keyParam) return "key";
    return goExprText(x);
  };
  for (const { name, call } of callsIn(body)) {
    const first = call.args[0];
    if ((name === "errors.New" || name === "fmt.Errorf") && first?.k === "lit" && first.kind === "string") {
      const args = call.args.slice(1).map(role);
      return args.length ? { message: first.value, messageArgs: args } : { message: first.value };
    }
  }
  return {};
}

function switchInSlice(body: GoBlock, file: GoFile, ev: GoEvaluator): Partial<RuleValidator> | undefined {
  const sw = body.stmts.find((s): s is Extract<GoStmt, { k: "switch" }> => s.k === "switch");
  if (!sw?.tag || !findGo(sw.tag, (n): n is GoExpr => n.k === "assert").length) return undefined;
  const accepting = sw.clauses.filter((c) => c.exprs && c.body.some((s) => s.k === "return" && s.results.every(isNil)));
  if (accepting.length === 0) return undefined;
  const values = accepting.flatMap((c) => c.exprs!).map((x) => ev.eval(x, null, file));
  if (!values.every((v): v is string => typeof v === "string")) return undefined;
  if (callsIn(body).some((c) => c.name === "strconv.Atoi")) {
    const range = findGo(body, (n): n is Binary => n.k === "binary" && n.op === "||")
      .map((b) => [bound(b.x, "<"), bound(b.y, ">")])
      .find(([lo, hi]) => lo !== undefined && hi !== undefined);
    if (!range) return undefined;
    return { known: "string-in-slice-or-int-between", args: [values, range[0]!, range[1]!] };
  }
  return { known: "string-in-slice", args: [values, false] };
}

function bound(x: GoExpr, op: "<" | ">"): number | undefined {
  if (x.k !== "binary" || x.op !== op || x.y.k !== "lit" || x.y.kind !== "int") return undefined;
  return Number(x.y.value);
}

function isNil(x: GoExpr): boolean {
  return x.k === "ident" && x.name === "nil";
}

/** `if value != a && value != b { ... }` where `value := v.(T)`. */
function notEqualChain(body: GoBlock, file: GoFile, ev: GoEvaluator): Partial<RuleValidator> | undefined {
  let found: RuleArg[] | undefined;
  walkGo(body, (n) => {
    if (found || n.k !== "if") return;
    const values: RuleArg[] = [];
    const collect = (x: GoExpr): boolean => {
      if (x.k === "binary" && x.op === "&&") return collect(x.x) && collect(x.y);
      if (x.k !== "binary" || x.op !== "!=" || x.y.k !== "lit") return false;
      const v = ev.eval(x.y, null, file);
      if (typeof v !== "string" && typeof v !== "number") return false;
      values.push(v);
      return true;
    };
    if (collect(n.cond) && values.length > 0) found = values;
  });
  if (!found) return undefined;
  return typeof found[0] === "string"
    ? { known: "string-in-slice", args: [found, false] }
    : { known: "int-in-slice", args: [found] };
}

function simpleShapes(body: GoBlock): Partial<RuleValidator> | undefined {
  const calls = callsIn(body).map((c) => c.name);
  if (calls.includes("url.ParseRequestURI")) return { known: "url-request-uri" };
  const emptyCheck = findGo(body, (n): n is Binary => n.k === "binary" && n.op === "==").some(
    (b) => b.x.k === "call" && b.x.fn.k === "ident" && b.x.fn.name === "len" && b.y.k === "lit" && b.y.value === "0",
  );
  if (emptyCheck) return { known: "not-empty" };
  return undefined;
}
