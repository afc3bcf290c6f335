/**
 * Evaluates the Go expressions that build acceptance configs: string literals, `+`, calls of the
 * package's own config functions (parameters bound, locals lazily), package constants and
 * variables, and the library calls of go-builtins.ts. Anything else (composite literals, loops,
 * a `return` under a condition) is refused with a message saying what, so a config the corpus
 * cannot reproduce exactly is reported instead of guessed.
 */
import type { GoToken } from "./go-lexer.js";
import type { GoFuncDecl, GoPackage } from "./go-package.js";
import { builtin, type BuiltinContext } from "./go-builtins.js";
import { ExprParser } from "./go-expr.js";
import { GoScope } from "./go-scope.js";
import { inside, isIdent, isOp, splitTopLevel, topLevelIndex } from "./go-tokens.js";
import type { GoValue } from "./go-values.js";
import { goString } from "./go-values.js";

/** Evaluates expressions and function bodies of one package. */
export class GoEvaluator {
  /** Package-level names read so far (a cached value is still a read: go-package.ts `dependencies` finds what it read in turn). */
  readonly globalReads = new Set<string>();
  /** Package-level constants and variables. */
  readonly globals = new GoScope(undefined, (name) => this.globalReads.add(name));

  constructor(
    private readonly pkg: GoPackage,
    private readonly ctx: BuiltinContext,
  ) {
    for (const [name, decl] of pkg.values) this.globals.define(name, () => this.evaluate(decl.init, this.globals));
  }

  /** The value of the expression `tokens` in `scope`. */
  evaluate(tokens: readonly GoToken[], scope: GoScope): GoValue {
    const parser = new ExprParser(tokens, scope, this);
    const value = parser.expression(0);
    parser.expectEnd();
    return value;
  }

  /** Calls the package function `decl` with `args`. */
  callFunction(decl: GoFuncDecl, args: readonly GoValue[]): GoValue {
    if (args.length !== decl.params.length)
      throw new Error(`${decl.name} takes ${decl.params.length} arguments, got ${args.length}`);
    const scope = new GoScope(this.globals);
    decl.params.forEach((name, n) => scope.set(name, args[n]));
    const result = this.runStatements(decl.body, scope, "refuse");
    if (result === undefined) throw new Error(`${decl.name} has no plain return statement`);
    return result.value;
  }

  /**
   * Binds the locals of `body` in `scope` and returns the value of its top-level `return`, if any.
   * A statement that is not a declaration, an assignment or a return is skipped; with
   * `conditionals: "refuse"`, a `return` under an if/for/switch is an error (a config chosen at run
   * time cannot be one fixed corpus entry).
   */
  runStatements(
    body: readonly GoToken[],
    scope: GoScope,
    conditionals: "refuse" | "ignore" = "refuse",
  ): { value: GoValue } | undefined {
    for (const statement of splitTopLevel(body, ";")) {
      this.recordWrites(statement, scope);
      const first = statement[0];
      if (isIdent(first, "return")) return { value: this.evaluate(statement.slice(1), scope) };
      if (isIdent(first, "if") || isIdent(first, "for") || isIdent(first, "switch")) {
        if (conditionals === "refuse" && statement.some((t) => isIdent(t, "return"))) {
          throw new Error(`a return under ${first.value} at line ${first.line}`);
        }
        continue;
      }
      if (isIdent(first, "var")) {
        bindAssignment(statement.slice(1), "=", scope, this);
        continue;
      }
      if (topLevelIndex(statement, ":=") >= 0) bindAssignment(statement, ":=", scope, this);
      else if (isIdent(first) && isOp(statement[1], "=")) bindAssignment(statement, "=", scope, this);
    }
    return undefined;
  }

  /** The content written into `file` (`f.Write(content)` in the scope that created it), if any. */
  contentOf(file: GoValue): GoValue | undefined {
    for (const write of this.writes) {
      if (write.scope.peek(write.name) === file) return this.evaluate(write.args, write.scope);
    }
    return undefined;
  }

  private readonly writes: { scope: GoScope; name: string; args: readonly GoToken[] }[] = [];

  private recordWrites(statement: readonly GoToken[], scope: GoScope): void {
    for (let i = 0; i + 3 < statement.length; i++) {
      if (
        isIdent(statement[i]) &&
        isOp(statement[i + 1], ".") &&
        isIdent(statement[i + 2], "Write") &&
        isOp(statement[i + 3], "(")
      ) {
        this.writes.push({ scope, name: statement[i].value, args: inside(statement, i + 3) });
      }
    }
  }

  /** Calls `name` (a package function, or a library call such as `fmt.Sprintf`). */
  call(name: string, args: readonly GoValue[], receiver: GoValue | undefined): GoValue {
    if (receiver !== undefined) return callMethod(receiver, name, args);
    const decl = this.pkg.funcs.get(name);
    if (decl) return this.callFunction(decl, args);
    const fn = builtin(name);
    if (!fn) throw new Error(`calls ${name}, which the extractor does not model`);
    return fn(this.ctx, args);
  }
}

function callMethod(receiver: GoValue, method: string, args: readonly GoValue[]): GoValue {
  if (receiver !== null && typeof receiver === "object" && method === "Name" && args.length === 0) return receiver.name;
  // `t` (*testing.T) is bound to nil: t.TempDir() is the working directory, so temp files are relative.
  if (receiver === null && method === "TempDir" && args.length === 0) return "";
  throw new Error(`calls the method ${method} of ${goString(receiver)}`);
}

function bindAssignment(statement: readonly GoToken[], operator: string, scope: GoScope, evaluator: GoEvaluator): void {
  const at = topLevelIndex(statement, operator);
  if (at < 0) return; // `var x T`: a zero value the configs never read
  const names = splitTopLevel(statement.slice(0, at), ",").map((piece) => piece[0].value);
  const inits = splitTopLevel(statement.slice(at + 1), ",");
  if (inits.length === names.length) {
    names.forEach((name, n) => scope.define(name, () => evaluator.evaluate(inits[n], scope)));
  } else if (inits.length === 1) {
    // `f, err := os.CreateTemp(...)`: the first result; the error is nil.
    scope.define(names[0], () => evaluator.evaluate(inits[0], scope));
    for (const name of names.slice(1)) scope.set(name, null);
  }
}
