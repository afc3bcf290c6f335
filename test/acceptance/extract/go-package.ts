/**
 * The top-level declarations of a Go package (every file of one directory): constants and
 * variables (their initializer tokens) and functions (parameter names and body tokens).
 */
import type { GoToken } from "./go-lexer.js";
import { tokenizeGo } from "./go-lexer.js";
import { inside, isIdent, isOp, skipBalanced, splitTopLevel, topLevelIndex } from "./go-tokens.js";

/** Where a declaration is. */
export interface GoOrigin {
  readonly file: string;
  readonly line: number;
}

/** A package-level `const` or `var` with an initializer. */
export interface GoValueDecl extends GoOrigin {
  readonly name: string;
  readonly init: readonly GoToken[];
}

/** A package-level function (methods are skipped). */
export interface GoFuncDecl extends GoOrigin {
  readonly name: string;
  readonly params: readonly string[];
  readonly body: readonly GoToken[];
}

/** Declarations by name. */
export interface GoPackage {
  readonly values: ReadonlyMap<string, GoValueDecl>;
  readonly funcs: ReadonlyMap<string, GoFuncDecl>;
}

/** Reads the declarations of `files` (name → source) into one package. */
export function readGoPackage(files: ReadonlyMap<string, string>): GoPackage {
  const values = new Map<string, GoValueDecl>();
  const funcs = new Map<string, GoFuncDecl>();
  for (const [file, source] of files) {
    const tokens = tokenizeGo(source);
    let i = 0;
    while (i < tokens.length) {
      const t = tokens[i];
      if (isIdent(t, "func")) {
        const decl = readFunc(tokens, i, file);
        if (decl.func) funcs.set(decl.func.name, decl.func);
        i = decl.next;
      } else if (isIdent(t, "const") || isIdent(t, "var")) {
        i = readValues(tokens, i + 1, file, values);
      } else if (isIdent(t, "import") || isIdent(t, "type")) {
        i = skipStatement(tokens, i);
      } else {
        i++;
      }
    }
  }
  return { values, funcs };
}

/** Index after the statement starting at `start` (brackets skipped whole). */
export function skipStatement(tokens: readonly GoToken[], start: number): number {
  let i = start;
  while (i < tokens.length && !isOp(tokens[i], ";")) {
    i = tokens[i].kind === "op" && "([{".includes(tokens[i].value) ? skipBalanced(tokens, i) : i + 1;
  }
  return i + 1;
}

function readFunc(tokens: readonly GoToken[], start: number, file: string): { func?: GoFuncDecl; next: number } {
  let i = start + 1;
  const method = isOp(tokens[i], "(");
  if (method) i = skipBalanced(tokens, i);
  const nameToken = tokens[i];
  i++;
  if (isOp(tokens[i], "[")) i = skipBalanced(tokens, i);
  const params = parameterNames(inside(tokens, i));
  i = skipBalanced(tokens, i);
  // The result type runs to the body's `{` (a result may itself be parenthesized).
  while (i < tokens.length && !isOp(tokens[i], "{")) i = isOp(tokens[i], "(") ? skipBalanced(tokens, i) : i + 1;
  const end = skipBalanced(tokens, i);
  const body = tokens.slice(i + 1, end - 1);
  if (method) return { next: end };
  return { func: { name: nameToken.value, params, body, file, line: nameToken.line }, next: end };
}

/** `a, b string, n int` → ["a", "b", "n"]; unnamed parameters (`string, int`) → []. */
export function parameterNames(tokens: readonly GoToken[]): string[] {
  const pieces = splitTopLevel(tokens, ",");
  const named = pieces.some((p) => p.length >= 2 && isIdent(p[0]) && !isOp(p[1], "."));
  if (!named) return [];
  return pieces.map((p) => p[0].value);
}

function readValues(tokens: readonly GoToken[], start: number, file: string, out: Map<string, GoValueDecl>): number {
  if (isOp(tokens[start], "(")) {
    for (const spec of splitTopLevel(inside(tokens, start), ";")) addSpec(spec, file, out);
    return skipBalanced(tokens, start);
  }
  const end = skipStatement(tokens, start);
  addSpec(tokens.slice(start, end - 1), file, out);
  return end;
}

function addSpec(spec: readonly GoToken[], file: string, out: Map<string, GoValueDecl>): void {
  const eq = topLevelIndex(spec, "=");
  if (eq < 0) return;
  const names = splitTopLevel(spec.slice(0, eq), ",").map((p) => p[0]);
  const inits = splitTopLevel(spec.slice(eq + 1), ",");
  if (inits.length !== names.length) return;
  names.forEach((name, n) => out.set(name.value, { name: name.value, init: inits[n], file, line: name.line }));
}

/**
 * Every package-level name `roots` refer to, directly or through other constants, variables and
 * functions (read statically from their tokens), roots included.
 */
export function dependencies(pkg: GoPackage, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    const tokens = pkg.values.get(name)?.init ?? pkg.funcs.get(name)?.body;
    if (!tokens) continue;
    seen.add(name);
    for (const t of tokens) if (t.kind === "ident" && !seen.has(t.value)) queue.push(t.value);
  }
  return seen;
}

/** The environment variable a package-level `x = os.Getenv("NAME")` reads, if that is its initializer. */
export function getenvName(decl: GoValueDecl | undefined): string | undefined {
  const t = decl?.init;
  if (t?.length !== 6) return undefined;
  const call = isIdent(t[0], "os") && isOp(t[1], ".") && isIdent(t[2], "Getenv") && isOp(t[3], "(");
  return call && t[4].kind === "string" && isOp(t[5], ")") ? t[4].value : undefined;
}
