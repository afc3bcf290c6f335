/**
 * Walks Go syntax: every statement and expression under a node, depth first, with the chain of
 * enclosing `if` conditions (for "which `d.HasChange` guards this call").
 */
import type { GoExpr, GoStmt } from "./go-ast.js";

export type GoNode = GoExpr | GoStmt;

/** Calls `visit(node, conditions)` for `root` and everything under it; `conditions` are the enclosing `if` conditions (then-branches only). */
export function walkGo(
  root: GoNode,
  visit: (node: GoNode, conditions: readonly GoExpr[]) => void,
  conditions: readonly GoExpr[] = [],
): void {
  visit(root, conditions);
  const go = (n: GoNode | null | undefined, c: readonly GoExpr[] = conditions): void => {
    if (n) walkGo(n, visit, c);
  };
  const all = (list: readonly (GoNode | null)[] | null | undefined, c: readonly GoExpr[] = conditions): void => {
    for (const n of list ?? []) go(n, c);
  };
  const n = root;
  switch (n.k) {
    // expressions
    case "composite":
      go(n.type);
      for (const e of n.elts) {
        go(e.key);
        go(e.value);
      }
      return;
    case "funclit":
      go(n.body);
      return;
    case "paren":
    case "star":
    case "unary":
    case "selector":
      go(n.x);
      return;
    case "index":
      go(n.x);
      all(n.index);
      return;
    case "slice":
      go(n.x);
      go(n.lo);
      go(n.hi);
      go(n.max);
      return;
    case "assert":
      go(n.x);
      return;
    case "call":
      go(n.fn);
      all(n.args);
      return;
    case "binary":
      go(n.x);
      go(n.y);
      return;
    // statements
    case "block":
      all(n.stmts);
      return;
    case "expr":
      go(n.x);
      return;
    case "assign":
      all(n.lhs);
      all(n.rhs);
      return;
    case "incdec":
      go(n.x);
      return;
    case "send":
      go(n.ch);
      go(n.value);
      return;
    case "var":
    case "const":
      for (const s of n.specs) all(s.values);
      return;
    case "return":
      all(n.results);
      return;
    case "go":
    case "defer":
      go(n.call);
      return;
    case "labeled":
      go(n.stmt);
      return;
    case "if":
      go(n.init);
      go(n.cond);
      go(n.then, [...conditions, n.cond]);
      go(n.else);
      return;
    case "for":
      go(n.init);
      go(n.cond);
      go(n.post);
      go(n.body);
      return;
    case "range":
      go(n.x);
      go(n.body);
      return;
    case "switch":
      go(n.init);
      go(n.tag);
      for (const c of n.clauses) {
        all(c.exprs);
        all(c.body);
      }
      return;
    case "typeswitch":
      go(n.init);
      go(n.x);
      for (const c of n.clauses) all(c.body);
      return;
    case "select":
      for (const c of n.clauses) all(c.body);
      return;
    default:
      return;
  }
}

/** Every node under `root` satisfying `pred`. */
export function findGo<T extends GoNode>(root: GoNode, pred: (n: GoNode) => n is T): T[] {
  const found: T[] = [];
  walkGo(root, (n) => {
    if (pred(n)) found.push(n);
  });
  return found;
}

/** Calls under `root` (`f(...)`), with the callee printed as `pkg.Name` / `name` / `x.Method`. */
export function callsIn(root: GoNode): { name: string; call: Extract<GoExpr, { k: "call" }> }[] {
  return findGo(root, (n): n is Extract<GoExpr, { k: "call" }> => n.k === "call").map((call) => ({
    name: calleeName(call.fn),
    call,
  }));
}

/** `strings.ToLower` for `strings.ToLower(...)`; `f` for `f(...)`; `?` otherwise. */
export function calleeName(fn: GoExpr): string {
  if (fn.k === "ident") return fn.name;
  if (fn.k === "selector") {
    const base = fn.x.k === "ident" ? fn.x.name : fn.x.k === "selector" ? calleeName(fn.x) : "?";
    return `${base}.${fn.sel}`;
  }
  return "?";
}

/** String literals under `root`, in source order. */
export function stringLiterals(root: GoNode): string[] {
  return findGo(root, (n): n is Extract<GoExpr, { k: "lit" }> => n.k === "lit" && n.kind === "string").map(
    (l) => l.value,
  );
}
