/**
 * One Go package (a directory's non-test `.go` files), parsed and indexed by top-level name:
 * functions, constants and variables, each with the file it is declared in (for its imports).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { GoExpr, GoFile, GoFuncDecl } from "./go-ast.js";
import { parseGoFile } from "./go-parse-file.js";

/** A top-level constant or variable: its value expression, the `iota` of its spec, its file. */
export interface GoPackageValue {
  readonly name: string;
  readonly value: GoExpr | null;
  readonly type: GoExpr | null;
  readonly iota: number;
  readonly file: GoFile;
  readonly fileName: string;
}

/** A parsed, indexed package. */
export interface GoPackage {
  readonly dir: string;
  /** File name (no directory) → parsed file. */
  readonly files: ReadonlyMap<string, GoFile>;
  /** Plain functions (not methods) by name. */
  readonly funcs: ReadonlyMap<string, { readonly decl: GoFuncDecl; readonly file: GoFile; readonly fileName: string }>;
  readonly consts: ReadonlyMap<string, GoPackageValue>;
  readonly vars: ReadonlyMap<string, GoPackageValue>;
}

/** Parses `sources` (file name → source text) as one package. */
export function createGoPackage(dir: string, sources: ReadonlyMap<string, string>): GoPackage {
  const files = new Map<string, GoFile>();
  const funcs = new Map<string, { decl: GoFuncDecl; file: GoFile; fileName: string }>();
  const consts = new Map<string, GoPackageValue>();
  const vars = new Map<string, GoPackageValue>();
  for (const [fileName, source] of [...sources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const file = parseGoFile(source, fileName);
    files.set(fileName, file);
    for (const decl of file.funcs) if (!decl.receiver) funcs.set(decl.name, { decl, file, fileName });
    for (const [specs, into] of [
      [file.consts, consts],
      [file.vars, vars],
    ] as const) {
      for (const spec of specs) {
        spec.names.forEach((name, i) => {
          into.set(name, { name, value: spec.values[i] ?? null, type: spec.type, iota: spec.iota, file, fileName });
        });
      }
    }
  }
  return { dir, files, funcs, consts, vars };
}

/** Reads and parses the non-test `.go` files of `dir`. */
export function loadGoPackage(dir: string): GoPackage {
  const sources = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    if (name.endsWith(".go") && !name.endsWith("_test.go")) sources.set(name, readFileSync(join(dir, name), "utf8"));
  }
  return createGoPackage(dir, sources);
}
