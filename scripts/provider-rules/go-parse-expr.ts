/**
 * The expression part of the Go parser: operator precedence, primary expressions
 * (selectors, calls, indexes, slices, type assertions), composite and function literals.
 * Statements are parsed by the subclass in go-parse-stmt.ts (function literals need blocks).
 */
import type { GoBlock, GoElement, GoExpr } from "./go-ast.js";
import { GoTypeParser } from "./go-parse-type.js";

const BINARY_PRECEDENCE: Record<string, number> = {
  "||": 1,
  "&&": 2,
  "==": 3,
  "!=": 3,
  "<": 3,
  "<=": 3,
  ">": 3,
  ">=": 3,
  "+": 4,
  "-": 4,
  "|": 4,
  "^": 4,
  "*": 5,
  "/": 5,
  "%": 5,
  "<<": 5,
  ">>": 5,
  "&": 5,
  "&^": 5,
};
const UNARY = new Set(["+", "-", "!", "^", "*", "&", "<-"]);

/** Expressions, on the token cursor and types of GoTypeParser. */
export abstract class GoExprParser extends GoTypeParser {
  protected abstract parseBlock(): GoBlock;

  parseExpr(minPrec = 1): GoExpr {
    let x = this.parseUnary();
    for (;;) {
      const t = this.tok;
      const prec = t.kind === "op" ? BINARY_PRECEDENCE[t.value] : undefined;
      if (prec === undefined || prec < minPrec) return x;
      this.pos++;
      const y = this.parseExpr(prec + 1);
      x = { k: "binary", op: t.value, x, y };
    }
  }

  protected parseExprList(): GoExpr[] {
    const list = [this.parseExpr()];
    while (this.accept(",")) list.push(this.parseExpr());
    return list;
  }

  protected parseUnary(): GoExpr {
    const t = this.tok;
    if (t.kind === "op" && UNARY.has(t.value)) {
      this.pos++;
      const x = this.parseUnary();
      return t.value === "*" ? { k: "star", x } : { k: "unary", op: t.value, x };
    }
    return this.parsePrimary();
  }

  private parseOperand(): GoExpr {
    const t = this.tok;
    if (t.kind === "ident") {
      this.pos++;
      return { k: "ident", name: t.value };
    }
    if (t.kind === "int" || t.kind === "float" || t.kind === "imag" || t.kind === "string" || t.kind === "rune") {
      this.pos++;
      return { k: "lit", kind: t.kind, value: t.value };
    }
    if (this.accept("(")) {
      const x = this.nested(() => this.parseExprOrType());
      this.expect(")");
      return { k: "paren", x };
    }
    if (this.is("func")) {
      this.pos++;
      const type = this.parseSignature();
      if (!this.is("{")) return type;
      const body = this.nested(() => this.parseBlock());
      return { k: "funclit", type, body };
    }
    if (this.is("[") || this.is("map") || this.is("struct") || this.is("interface") || this.is("chan")) {
      return this.parseType();
    }
    return this.fail("expected operand");
  }

  /** In call arguments and parentheses a type may stand where an expression does (`make(map[string]T)`). */
  protected parseExprOrType(): GoExpr {
    return this.parseExpr();
  }

  private parsePrimary(): GoExpr {
    let x = this.parseOperand();
    for (;;) {
      if (this.accept(".")) {
        if (this.accept("(")) {
          const type = this.accept("type") ? null : this.parseType();
          this.expect(")");
          x = { k: "assert", x, type };
        } else {
          x = { k: "selector", x, sel: this.ident() };
        }
      } else if (this.is("[")) {
        x = this.parseIndexOrSlice(x);
      } else if (this.accept("(")) {
        const { args, ellipsis } = this.nested(() => {
          const list: GoExpr[] = [];
          let dots = false;
          while (!this.is(")")) {
            list.push(this.parseExprOrType());
            if (this.accept("...")) dots = true;
            if (!this.accept(",")) break;
          }
          return { args: list, ellipsis: dots };
        });
        this.expect(")");
        x = { k: "call", fn: x, args, ellipsis };
      } else if (this.is("{") && isLiteralType(x) && (this.exprLev >= 0 || !(isTypeName(x) || x.k === "index"))) {
        x = { k: "composite", type: x, elts: this.parseCompositeBody() };
      } else {
        return x;
      }
    }
  }

  private parseIndexOrSlice(x: GoExpr): GoExpr {
    this.expect("[");
    return this.nested(() => {
      const parts: (GoExpr | null)[] = [];
      let colons = 0;
      const index: GoExpr[] = [];
      parts.push(this.is(":") ? null : this.parseExprOrType());
      while (this.accept(",") && !this.is("]")) index.push(this.parseExprOrType());
      while (this.accept(":")) {
        colons++;
        parts.push(this.is(":") || this.is("]") ? null : this.parseExpr());
      }
      this.expect("]");
      if (colons === 0) return { k: "index", x, index: [parts[0]!, ...index] } as GoExpr;
      return { k: "slice", x, lo: parts[0], hi: parts[1] ?? null, max: parts[2] ?? null } as GoExpr;
    });
  }

  protected parseCompositeBody(): GoElement[] {
    this.expect("{");
    const elts = this.nested(() => {
      const list: GoElement[] = [];
      while (!this.is("}")) {
        const first = this.parseElementValue();
        if (this.accept(":")) list.push({ key: first, value: this.parseElementValue() });
        else list.push({ key: null, value: first });
        if (!this.accept(",")) break;
      }
      return list;
    });
    this.accept(";"); // a newline before the closing brace of a one-element literal
    this.expect("}");
    return elts;
  }

  private parseElementValue(): GoExpr {
    if (this.is("{")) return { k: "composite", type: null, elts: this.parseCompositeBody() };
    return this.parseExpr();
  }
}

function isTypeName(x: GoExpr): boolean {
  return x.k === "ident" || (x.k === "selector" && x.x.k === "ident");
}

function isLiteralType(x: GoExpr): boolean {
  if (isTypeName(x)) return true;
  if (x.k === "index") return isTypeName(x.x);
  return x.k === "array" || x.k === "map" || x.k === "struct";
}
