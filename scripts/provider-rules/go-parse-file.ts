/**
 * The Go parser's entry points: `parseGoFile` (a source file into its package name, imports, functions
 * and top-level constants / variables) and `parseGoExpr`.
 */
import type { GoExpr, GoFile, GoFuncDecl, GoValueSpec } from "./go-ast.js";
import { GoStmtParser } from "./go-parse-stmt.js";
import { tokenizeGo } from "./go-tokens.js";

class GoFileParser extends GoStmtParser {
  parseFile(): GoFile {
    this.expect("package");
    const packageName = this.ident();
    this.expect(";");
    const imports = new Map<string, string>();
    while (this.accept("import")) {
      const spec = (): void => {
        const alias = this.tok.kind === "ident" || this.is(".") ? this.tokens[this.pos++].value : null;
        const path = this.tokens[this.pos++].value;
        imports.set(alias ?? importName(path), path);
      };
      if (this.accept("(")) {
        while (!this.is(")")) {
          spec();
          if (!this.is(")")) this.expect(";");
        }
        this.pos++;
      } else spec();
      this.expect(";");
    }
    const funcs: GoFuncDecl[] = [];
    const consts: GoValueSpec[] = [];
    const vars: GoValueSpec[] = [];
    while (!this.atEnd()) {
      if (this.is("func")) funcs.push(this.parseFuncDecl());
      else {
        const decl = this.parseDecl();
        if (decl.k === "const") consts.push(...decl.specs);
        if (decl.k === "var") vars.push(...decl.specs);
      }
      if (!this.atEnd()) this.expect(";");
    }
    return { packageName, imports, funcs, consts, vars };
  }

  private atEnd(): boolean {
    return this.tok.kind === "eof";
  }

  private parseFuncDecl(): GoFuncDecl {
    const line = this.tok.line;
    this.expect("func");
    const receiver = this.is("(") ? (this.parseParameters()[0] ?? null) : null;
    const name = this.ident();
    if (this.is("[")) this.skipTypeParams();
    const type = this.parseSignature();
    const body = this.is("{") ? this.parseBlock() : null;
    return { name, receiver, type, body, line };
  }
}

/** The package name Go gives an import path by default (`.../gophercloud/v2` → `gophercloud`). */
export function importName(path: string): string {
  const parts = path.split("/");
  let last = parts[parts.length - 1];
  if (/^v[0-9]+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last
    .replace(/^go-/, "")
    .replace(/\.v[0-9]+$/, "")
    .replace(/-/g, "_");
}

/** Parses one Go source file. Throws `file:line: message` on a syntax error. */
export function parseGoFile(source: string, fileName = "<source>"): GoFile {
  return new GoFileParser(tokenizeGo(source), fileName).parseFile();
}

/** Parses one Go expression (for tests and for argument snippets). */
export function parseGoExpr(source: string): GoExpr {
  const parser = new GoFileParser(tokenizeGo(source), "<expr>");
  return parser.parseExpr();
}
