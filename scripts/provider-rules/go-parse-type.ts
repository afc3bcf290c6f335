/**
 * The base of the Go parser: the token cursor, and types in type position (named, pointer, array /
 * slice, map, chan, func signatures with Go's parameter grouping, struct; interfaces are skipped).
 * Expressions are parsed by the subclass in go-parse-expr.ts, statements in go-parse-stmt.ts.
 */
import type { GoExpr, GoField, GoFuncType } from "./go-ast.js";
import type { GoToken } from "./go-tokens.js";

/** Token cursor and types. */
export abstract class GoTypeParser {
  protected pos = 0;
  /** < 0 inside a control clause header (`if x {`), where `T{` is not a composite literal. */
  protected exprLev = 0;

  constructor(
    protected readonly tokens: readonly GoToken[],
    protected readonly fileName: string,
  ) {}

  protected get tok(): GoToken {
    return this.tokens[this.pos];
  }

  protected peek(n = 1): GoToken {
    return this.tokens[Math.min(this.pos + n, this.tokens.length - 1)];
  }

  protected is(value: string): boolean {
    const t = this.tok;
    return (t.kind === "op" || t.kind === "keyword") && t.value === value;
  }

  protected accept(value: string): boolean {
    if (!this.is(value)) return false;
    this.pos++;
    return true;
  }

  protected fail(message: string): never {
    throw new Error(`${this.fileName}:${this.tok.line}: ${message} (at ${JSON.stringify(this.tok.value)})`);
  }

  protected expect(value: string): void {
    if (!this.accept(value)) this.fail(`expected ${JSON.stringify(value)}`);
  }

  protected ident(): string {
    if (this.tok.kind !== "ident") this.fail("expected identifier");
    return this.tokens[this.pos++].value;
  }

  /** Runs `fn` with composite literals allowed again (inside parentheses, brackets, braces). */
  protected nested<T>(fn: () => T): T {
    const saved = this.exprLev;
    this.exprLev = saved < 0 ? 1 : saved + 1;
    try {
      return fn();
    } finally {
      this.exprLev = saved;
    }
  }

  /** An expression (array lengths in types). */
  abstract parseExpr(minPrec?: number): GoExpr;

  /** A type in type position. */
  parseType(): GoExpr {
    const t = this.tok;
    if (t.kind === "ident") {
      let x: GoExpr = { k: "ident", name: this.ident() };
      if (this.accept(".")) x = { k: "selector", x, sel: this.ident() };
      if (this.is("[") && this.peek().value !== "]") {
        this.pos++;
        const index = this.nested(() => {
          const list = [this.parseType()];
          while (this.accept(",") && !this.is("]")) list.push(this.parseType());
          return list;
        });
        this.expect("]");
        x = { k: "index", x, index };
      }
      return x;
    }
    if (this.accept("*")) return { k: "star", x: this.parseType() };
    if (this.accept("(")) {
      const x = this.parseType();
      this.expect(")");
      return { k: "paren", x };
    }
    if (this.accept("[")) {
      let len: GoExpr | "..." | null = null;
      if (this.accept("...")) len = "...";
      else if (!this.is("]")) len = this.nested(() => this.parseExpr());
      this.expect("]");
      return { k: "array", len, elt: this.parseType() };
    }
    if (this.accept("map")) {
      this.expect("[");
      const key = this.parseType();
      this.expect("]");
      return { k: "map", key, value: this.parseType() };
    }
    if (this.accept("chan")) {
      this.accept("<-");
      return { k: "chan", elt: this.parseType() };
    }
    if (this.is("<-") && this.peek().value === "chan") {
      this.pos += 2;
      return { k: "chan", elt: this.parseType() };
    }
    if (this.accept("func")) return this.parseSignature();
    if (this.accept("struct")) return { k: "struct", fields: this.parseStructFields() };
    if (this.accept("interface")) return { k: "interface", methods: this.skipBraces() };
    return this.fail("expected type");
  }

  /** Skips a balanced `{ ... }`; returns the number of tokens inside. */
  protected skipBraces(): number {
    this.expect("{");
    const start = this.pos;
    for (let depth = 1; depth > 0; this.pos++) {
      if (this.tok.kind === "eof") this.fail("unbalanced braces");
      if (this.is("{")) depth++;
      if (this.is("}")) depth--;
    }
    return this.pos - start - 1;
  }

  private parseStructFields(): GoField[] {
    this.expect("{");
    const fields: GoField[] = [];
    while (!this.is("}")) {
      const embedded =
        this.is("*") ||
        (this.tok.kind === "ident" && [".", ";", "}"].includes(this.peek().value)) ||
        (this.tok.kind === "ident" && this.peek().kind === "string");
      if (embedded) fields.push({ names: [], type: this.parseType() });
      else {
        const names = [this.ident()];
        while (this.accept(",")) names.push(this.ident());
        fields.push({ names, type: this.parseType() });
      }
      if (this.tok.kind === "string") this.pos++; // field tag
      if (!this.accept(";")) break;
    }
    this.expect("}");
    return fields;
  }

  /** `(params) results` after `func`. */
  protected parseSignature(): GoFuncType {
    const params = this.parseParameters();
    let results: GoField[] = [];
    if (this.is("(")) results = this.parseParameters();
    else if (startsType(this.tok)) results = [{ names: [], type: this.parseType() }];
    return { k: "functype", params, results };
  }

  /**
   * A parameter list. MUST follow Go's grouping: in `(_, o, n string, d *T)` the bare identifiers
   * before a named parameter are names sharing its type; a list without names is a list of types.
   */
  protected parseParameters(): GoField[] {
    this.expect("(");
    const items: { name: string | null; type: GoExpr }[] = [];
    while (!this.is(")")) {
      if (this.tok.kind === "ident" && ![".", ",", ")"].includes(this.peek().value)) {
        const name = this.ident();
        const type = this.accept("...") ? ({ k: "ellipsis", elt: this.parseType() } as GoExpr) : this.parseType();
        items.push({ name, type });
      } else {
        const type = this.accept("...") ? ({ k: "ellipsis", elt: this.parseType() } as GoExpr) : this.parseType();
        items.push({ name: null, type });
      }
      this.accept(";");
      if (!this.accept(",")) break;
    }
    this.expect(")");
    if (!items.some((i) => i.name !== null)) return items.map((i) => ({ names: [], type: i.type }));
    const fields: GoField[] = [];
    let pending: string[] = [];
    for (const item of items) {
      if (item.name === null) {
        if (item.type.k !== "ident") this.fail("mixed named and unnamed parameters");
        pending.push(item.type.name);
      } else {
        fields.push({ names: [...pending, item.name], type: item.type });
        pending = [];
      }
    }
    return fields;
  }
}

function startsType(t: GoToken): boolean {
  if (t.kind === "ident") return true;
  return (
    (t.kind === "op" || t.kind === "keyword") &&
    ["*", "[", "map", "chan", "func", "struct", "interface"].includes(t.value)
  );
}
