/**
 * Evaluates the provider's schema-building code: expressions to values (go-values.ts), and the
 * statements schema constructors use (`ret := &schema.Resource{...}`, `elem.Schema[k] = f()`,
 * `for _, k := range list {...}`, `return ret`) by interpreting provider functions. What cannot be
 * evaluated becomes a symbolic or opaque value, never a guess.
 */
import type { GoBlock, GoExpr, GoFile, GoStmt } from "./go-ast.js";
import type { GoPackage } from "./go-package.js";
import { goExprText } from "./go-print.js";
import { evalBuiltinCall } from "./go-builtins.js";
import { evalBinary, evalComposite, parseGoNumber } from "./go-eval-ops.js";
import { GoScope } from "./go-scope.js";
import { type GoValue, GoUnsupported, isPrimitive, opaque } from "./go-values.js";

export { GoScope, GoUnsupported, parseGoNumber };

/** Resolves a constant of another package (gophercloud) by import path and name. */
export type ExternalConstants = (pkg: string, name: string) => string | number | undefined;

class Return {
  constructor(readonly values: GoValue[]) {}
}

/** Evaluator over one package. */
export class GoEvaluator {
  private depth = 0;
  /** External identifiers looked up in the constants table and not found, as `importpath.Name`. */
  readonly unresolved = new Set<string>();

  constructor(
    readonly pkg: GoPackage,
    private readonly constants: ExternalConstants,
  ) {}

  /** Calls the provider's top-level function `name` with `args`; its first result. */
  call(name: string, args: readonly GoValue[] = []): GoValue {
    const fn = this.pkg.funcs.get(name);
    if (!fn?.decl.body) throw new GoUnsupported(`no function ${name}`);
    if (++this.depth > 40) throw new GoUnsupported(`recursion in ${name}`);
    try {
      const scope = new GoScope(null);
      const params = fn.decl.type.params.flatMap((p) => p.names);
      params.forEach((p, i) => scope.define(p, args[i] ?? null));
      const result = this.execBlock(fn.decl.body, scope, fn.file);
      return result ? (result.values[0] ?? null) : null;
    } finally {
      this.depth--;
    }
  }

  private execBlock(block: GoBlock, parent: GoScope, file: GoFile): Return | undefined {
    const scope = new GoScope(parent);
    for (const stmt of block.stmts) {
      const r = this.exec(stmt, scope, file);
      if (r) return r;
    }
    return undefined;
  }

  private exec(stmt: GoStmt, scope: GoScope, file: GoFile): Return | undefined {
    switch (stmt.k) {
      case "block":
        return this.execBlock(stmt, scope, file);
      case "empty":
        return undefined;
      case "expr":
        this.eval(stmt.x, scope, file);
        return undefined;
      case "return":
        return new Return(stmt.results.map((x) => this.eval(x, scope, file)));
      case "var":
        for (const spec of stmt.specs) {
          spec.names.forEach((n, i) =>
            scope.define(n, spec.values[i] ? this.eval(spec.values[i], scope, file, spec.type) : null),
          );
        }
        return undefined;
      case "assign": {
        if (stmt.op !== "=" && stmt.op !== ":=") throw new GoUnsupported(`assignment ${stmt.op}`);
        if (stmt.lhs.length !== stmt.rhs.length) throw new GoUnsupported("multi-value assignment");
        const values = stmt.rhs.map((x) => this.eval(x, scope, file));
        stmt.lhs.forEach((l, i) => this.assign(l, values[i], stmt.op === ":=", scope, file));
        return undefined;
      }
      case "range": {
        const x = this.eval(stmt.x, scope, file);
        const pairs: [GoValue, GoValue][] = isPrimitive(x)
          ? []
          : x.t === "slice"
            ? x.items.map((v, i) => [i, v])
            : x.t === "map"
              ? [...x.entries].map(([k, v]) => [k, v])
              : [];
        if (isPrimitive(x) || (x.t !== "slice" && x.t !== "map"))
          throw new GoUnsupported(`range over ${goExprText(stmt.x)}`);
        for (const [k, v] of pairs) {
          const inner = new GoScope(scope);
          if (stmt.key) this.assign(stmt.key, k, stmt.define, inner, file);
          if (stmt.value) this.assign(stmt.value, v, stmt.define, inner, file);
          const r = this.execBlock(stmt.body, inner, file);
          if (r) return r;
        }
        return undefined;
      }
      case "if": {
        const inner = new GoScope(scope);
        if (stmt.init) this.exec(stmt.init, inner, file);
        const cond = this.eval(stmt.cond, inner, file);
        if (typeof cond !== "boolean") throw new GoUnsupported(`condition ${goExprText(stmt.cond)}`);
        if (cond) return this.execBlock(stmt.then, inner, file);
        return stmt.else ? this.exec(stmt.else, inner, file) : undefined;
      }
      default:
        throw new GoUnsupported(`statement ${stmt.k}`);
    }
  }

  private assign(target: GoExpr, value: GoValue, define: boolean, scope: GoScope, file: GoFile): void {
    if (target.k === "ident") {
      if (define) scope.define(target.name, value);
      else scope.set(target.name, value);
      return;
    }
    if (target.k === "selector") {
      const x = this.eval(target.x, scope, file);
      if (!isPrimitive(x) && x.t === "struct") return void x.fields.set(target.sel, value);
    }
    if (target.k === "index") {
      const x = this.eval(target.x, scope, file);
      const key = this.eval(target.index[0], scope, file);
      if (!isPrimitive(x) && x.t === "map" && isPrimitive(key)) return void x.entries.set(String(key), value);
      if (!isPrimitive(x) && x.t === "slice" && typeof key === "number") return void (x.items[key] = value);
    }
    throw new GoUnsupported(`assignment to ${goExprText(target)}`);
  }

  /** Evaluates `x` in `file` (for its imports); `hint` is the type of an elided composite literal. */
  eval(x: GoExpr, scope: GoScope | null, file: GoFile, hint: GoExpr | null = null): GoValue {
    switch (x.k) {
      case "lit":
        if (x.kind === "string") return x.value;
        if (x.kind === "rune") return x.value.codePointAt(0)!;
        if (x.kind === "imag") return opaque(x);
        return parseGoNumber(x.value);
      case "ident":
        return this.ident(x.name, scope);
      case "paren":
        return this.eval(x.x, scope, file, hint);
      case "star":
        return this.eval(x.x, scope, file);
      case "unary": {
        const v = this.eval(x.x, scope, file, hint);
        if (x.op === "&" || x.op === "+") return v;
        if (x.op === "-" && typeof v === "number") return -v;
        if (x.op === "!" && typeof v === "boolean") return !v;
        return opaque(x);
      }
      case "binary":
        return evalBinary(this, x, scope, file);
      case "selector": {
        if (x.x.k === "ident" && !scope?.lookup(x.x.name) && file.imports.has(x.x.name)) {
          const pkg = file.imports.get(x.x.name)!;
          const known = this.constants(pkg, x.sel);
          if (known !== undefined) return known;
          if (/^[A-Z]/.test(x.sel) && pkg.startsWith("github.com/gophercloud/")) this.unresolved.add(`${pkg}.${x.sel}`);
          return { t: "ext", pkg, alias: x.x.name, name: x.sel };
        }
        const v = this.eval(x.x, scope, file);
        if (!isPrimitive(v) && v.t === "struct") return v.fields.get(x.sel) ?? null;
        return opaque(x);
      }
      case "index": {
        const v = this.eval(x.x, scope, file);
        const key = this.eval(x.index[0], scope, file);
        if (!isPrimitive(v) && v.t === "map" && isPrimitive(key)) return v.entries.get(String(key)) ?? null;
        if (!isPrimitive(v) && v.t === "slice" && typeof key === "number") return v.items[key] ?? null;
        return opaque(x);
      }
      case "slice": {
        const v = this.eval(x.x, scope, file);
        if (!isPrimitive(v) && v.t === "slice" && !x.lo && !x.hi) return v;
        return opaque(x);
      }
      case "assert": {
        const v = this.eval(x.x, scope, file);
        return isPrimitive(v) || v.t === "struct" ? v : opaque(x);
      }
      case "composite":
        return evalComposite(this, x, scope, file, hint);
      case "funclit":
        return { t: "funclit", node: x, file };
      case "call":
        return evalBuiltinCall(this, x, scope, file);
      default:
        return opaque(x);
    }
  }

  private ident(name: string, scope: GoScope | null): GoValue {
    const local = scope?.lookup(name);
    if (local) return local.value;
    if (name === "true" || name === "false") return name === "true";
    if (name === "nil") return null;
    const c = this.pkg.consts.get(name) ?? this.pkg.vars.get(name);
    if (c?.value) {
      const iota = new GoScope(null);
      iota.define("iota", c.iota);
      return this.eval(c.value, iota, c.file);
    }
    if (this.pkg.funcs.has(name)) return { t: "func", name };
    return opaque(name);
  }
}
