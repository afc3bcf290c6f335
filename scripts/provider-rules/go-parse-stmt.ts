/**
 * The statement and declaration part of the Go parser: blocks, simple statements, if / for / range /
 * switch / type switch / select, `var` / `const` (with iota repetition) / `type` declarations.
 */
import type { GoBlock, GoCaseClause, GoExpr, GoStmt, GoValueSpec } from "./go-ast.js";
import { GoExprParser } from "./go-parse-expr.js";

const ASSIGN_OPS = new Set(["=", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "&^="]);
type Simple =
  | GoStmt
  | { readonly k: "rangeclause"; readonly lhs: readonly GoExpr[]; readonly define: boolean; readonly x: GoExpr };

/** Statements and declarations; go-parse-file.ts adds files. */
export class GoStmtParser extends GoExprParser {
  parseBlock(): GoBlock {
    this.expect("{");
    const stmts: GoStmt[] = [];
    while (!this.is("}")) {
      if (this.tok.kind === "eof") this.fail("unexpected end of file in block");
      stmts.push(this.parseStmt());
      if (!this.is("}")) this.expect(";");
    }
    this.pos++;
    return { k: "block", stmts };
  }

  /** Runs `fn` in a control clause header, where `T{` opens the body rather than a literal. */
  private header<T>(fn: () => T): T {
    const saved = this.exprLev;
    this.exprLev = -1;
    try {
      return fn();
    } finally {
      this.exprLev = saved;
    }
  }

  private parseStmt(): GoStmt {
    const t = this.tok;
    if (t.kind === "keyword") {
      switch (t.value) {
        case "var":
        case "const":
        case "type":
          return this.parseDecl();
        case "return":
          this.pos++;
          return { k: "return", results: this.is(";") || this.is("}") ? [] : this.parseExprList() };
        case "break":
        case "continue":
        case "goto":
        case "fallthrough":
          this.pos++;
          return { k: "branch", keyword: t.value, label: this.tok.kind === "ident" ? this.ident() : null };
        case "go":
        case "defer":
          this.pos++;
          return { k: t.value, call: this.parseExpr() };
        case "if":
          return this.parseIf();
        case "for":
          return this.parseFor();
        case "switch":
          return this.parseSwitch();
        case "select":
          return this.parseSelect();
      }
    }
    if (this.is("{")) return this.parseBlock();
    if (this.is(";")) return { k: "empty" };
    if (t.kind === "ident" && this.peek().value === ":" && this.peek().kind === "op") {
      this.pos += 2;
      return { k: "labeled", label: t.value, stmt: this.is("}") ? { k: "empty" } : this.parseStmt() };
    }
    return this.asStmt(this.parseSimple(false));
  }

  private asStmt(s: Simple): GoStmt {
    if (s.k === "rangeclause") this.fail("unexpected range");
    return s as GoStmt;
  }

  private parseSimple(rangeOk: boolean): Simple {
    if (rangeOk && this.accept("range")) return { k: "rangeclause", lhs: [], define: false, x: this.parseExpr() };
    const lhs = this.parseExprList();
    const t = this.tok;
    if (t.kind === "op" && ASSIGN_OPS.has(t.value)) {
      this.pos++;
      if (rangeOk && this.accept("range"))
        return { k: "rangeclause", lhs, define: t.value === ":=", x: this.parseExpr() };
      return { k: "assign", op: t.value, lhs, rhs: this.parseExprList() };
    }
    if (this.is("++") || this.is("--")) {
      this.pos++;
      return { k: "incdec", op: t.value as "++" | "--", x: lhs[0] };
    }
    if (this.accept("<-")) return { k: "send", ch: lhs[0], value: this.parseExpr() };
    return { k: "expr", x: lhs[0] };
  }

  private parseIf(): GoStmt {
    this.expect("if");
    const { init, cond } = this.header(() => {
      let first: GoStmt | null = this.is(";") ? null : this.asStmt(this.parseSimple(false));
      if (this.accept(";")) return { init: first, cond: this.parseExpr() };
      if (first?.k !== "expr") this.fail("expected condition");
      return { init: null, cond: first.x };
    });
    const then = this.parseBlock();
    let otherwise: GoStmt | null = null;
    if (this.accept("else")) otherwise = this.is("if") ? this.parseIf() : this.parseBlock();
    return { k: "if", init, cond, then, else: otherwise };
  }

  private parseFor(): GoStmt {
    this.expect("for");
    if (this.is("{")) return { k: "for", init: null, cond: null, post: null, body: this.parseBlock() };
    const head = this.header(() => {
      const first = this.is(";") ? null : this.parseSimple(true);
      if (first?.k === "rangeclause") return first;
      if (!this.accept(";")) {
        if (first?.k !== "expr") this.fail("expected for condition");
        return { init: null, cond: first.x, post: null };
      }
      const cond = this.is(";") ? null : this.parseExpr();
      this.expect(";");
      const post = this.is("{") ? null : this.asStmt(this.parseSimple(false));
      return { init: first ? this.asStmt(first) : null, cond, post };
    });
    const body = this.parseBlock();
    if ("k" in head && head.k === "rangeclause") {
      return { k: "range", key: head.lhs[0] ?? null, value: head.lhs[1] ?? null, define: head.define, x: head.x, body };
    }
    const h = head as { init: GoStmt | null; cond: GoExpr | null; post: GoStmt | null };
    return { k: "for", init: h.init, cond: h.cond, post: h.post, body };
  }

  private parseSwitch(): GoStmt {
    this.expect("switch");
    const { init, tag } = this.header(() => {
      let init: GoStmt | null = null;
      let tag: GoStmt | null = null;
      if (!this.is("{")) {
        const first = this.is(";") ? null : this.asStmt(this.parseSimple(false));
        if (this.accept(";")) {
          init = first;
          if (!this.is("{")) tag = this.asStmt(this.parseSimple(false));
        } else tag = first;
      }
      return { init, tag };
    });
    const clauses = this.parseClauses();
    const guard = tag?.k === "assign" && tag.op === ":=" ? tag.rhs[0] : tag?.k === "expr" ? tag.x : null;
    if (guard?.k === "assert" && guard.type === null) {
      const bind = tag?.k === "assign" && tag.lhs[0].k === "ident" ? tag.lhs[0].name : null;
      return { k: "typeswitch", init, bind, x: guard.x, clauses };
    }
    if (tag && tag.k !== "expr") this.fail("expected switch tag");
    return { k: "switch", init, tag: tag ? (tag as { x: GoExpr }).x : null, clauses };
  }

  private parseSelect(): GoStmt {
    this.expect("select");
    return { k: "select", clauses: this.parseClauses(true) };
  }

  private parseClauses(comm = false): GoCaseClause[] {
    this.expect("{");
    const clauses: GoCaseClause[] = [];
    while (!this.is("}")) {
      let exprs: GoExpr[] | null = null;
      if (this.accept("default")) exprs = null;
      else {
        this.expect("case");
        if (comm) this.asStmt(this.parseSimple(false));
        else exprs = this.parseExprList();
        exprs ??= [];
      }
      this.expect(":");
      const body: GoStmt[] = [];
      while (!this.is("case") && !this.is("default") && !this.is("}")) {
        body.push(this.parseStmt());
        if (!this.is("}")) this.expect(";");
      }
      clauses.push({ exprs, body });
    }
    this.pos++;
    return clauses;
  }

  /** `var` / `const` / `type` declarations, single or grouped. */
  parseDecl(): GoStmt {
    const keyword = this.tok.value as "var" | "const" | "type";
    this.pos++;
    const specs: GoValueSpec[] = [];
    const one = (iota: number): void => {
      if (keyword === "type") {
        this.ident();
        if (this.is("[") && this.peek().kind === "ident" && this.peek(2).value !== "]") this.skipTypeParams();
        this.accept("=");
        this.parseType();
        return;
      }
      const names = [this.ident()];
      while (this.accept(",")) names.push(this.ident());
      const type = this.is("=") || this.is(";") || this.is(")") ? null : this.parseType();
      let values = this.accept("=") ? this.parseExprList() : [];
      const prev = specs[specs.length - 1];
      const repeat = keyword === "const" && values.length === 0 && prev !== undefined;
      if (repeat) values = [...prev.values];
      specs.push({ names, type: repeat ? prev.type : type, values, iota });
    };
    if (this.accept("(")) {
      for (let iota = 0; !this.is(")"); iota++) {
        one(iota);
        if (!this.is(")")) this.expect(";");
      }
      this.pos++;
    } else one(0);
    return keyword === "type" ? { k: "type", name: "" } : { k: keyword, specs };
  }

  protected skipTypeParams(): void {
    this.expect("[");
    for (let depth = 1; depth > 0; this.pos++) {
      if (this.is("[")) depth++;
      if (this.is("]")) depth--;
    }
  }
}
