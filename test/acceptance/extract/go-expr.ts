/** The expression half of the evaluator: a precedence-climbing parser that evaluates as it parses. */
import type { GoToken } from "./go-lexer.js";
import type { GoEvaluator } from "./go-eval.js";
import { BUILTIN_VALUES } from "./go-builtins.js";
import type { GoScope } from "./go-scope.js";
import { inside, isIdent, isOp, skipBalanced, splitTopLevel } from "./go-tokens.js";
import type { GoValue } from "./go-values.js";
import { goString } from "./go-values.js";

const BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
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
  "*": 5,
  "/": 5,
  "%": 5,
};

/** Parses and evaluates one expression of `tokens` in `scope` (calls go through the evaluator). */
export class ExprParser {
  private pos = 0;

  constructor(
    private readonly tokens: readonly GoToken[],
    private readonly scope: GoScope,
    private readonly evaluator: GoEvaluator,
  ) {}

  expectEnd(): void {
    if (this.pos < this.tokens.length) throw new Error(`unsupported expression at ${this.describe(this.pos)}`);
  }

  expression(minPrecedence: number): GoValue {
    let left = this.unary();
    for (;;) {
      const op = this.tokens[this.pos];
      const precedence = op?.kind === "op" ? BINARY_PRECEDENCE[op.value] : undefined;
      if (precedence === undefined || precedence <= minPrecedence) return left;
      this.pos++;
      left = binary(op.value, left, this.expression(precedence));
    }
  }

  private unary(): GoValue {
    const t = this.tokens[this.pos];
    if (isOp(t, "-")) {
      this.pos++;
      return -(this.unary() as number);
    }
    if (isOp(t, "!")) {
      this.pos++;
      return !this.unary();
    }
    return this.primary();
  }

  private primary(): GoValue {
    const t = this.tokens[this.pos];
    if (!t) throw new Error("expression ends too early");
    this.pos++;
    if (t.kind === "string") return t.value;
    if (t.kind === "int" || t.kind === "float") return Number(t.value.replace(/_/g, ""));
    if (isOp(t, "(")) {
      const end = skipBalanced(this.tokens, this.pos - 1);
      const value = this.evaluator.evaluate(this.tokens.slice(this.pos, end - 1), this.scope);
      this.pos = end;
      return value;
    }
    if (isOp(t, "[") && isOp(this.tokens[this.pos], "]") && isIdent(this.tokens[this.pos + 1], "byte")) {
      this.pos += 2; // []byte(x): the string itself
      return this.callArguments()[0];
    }
    if (t.kind !== "ident") throw new Error(`unsupported expression at ${this.describe(this.pos - 1)}`);
    if (t.value === "true" || t.value === "false") return t.value === "true";
    if (t.value === "nil") return null;
    let name = t.value;
    while (isOp(this.tokens[this.pos], ".") && isIdent(this.tokens[this.pos + 1])) {
      name += `.${this.tokens[this.pos + 1].value}`;
      this.pos += 2;
    }
    if (isOp(this.tokens[this.pos], "{")) throw new Error(`composite literal ${name}{...} at line ${t.line}`);
    if (isOp(this.tokens[this.pos], "(")) {
      const args = this.callArguments();
      const [head, ...rest] = name.split(".");
      const receiver = rest.length === 1 && this.scope.has(head) ? this.scope.get(head) : undefined;
      return this.evaluator.call(receiver === undefined ? name : rest[0], args, receiver);
    }
    if (name in BUILTIN_VALUES) return BUILTIN_VALUES[name];
    const value = this.scope.get(name);
    if (value === undefined) throw new Error(`unknown identifier ${name} at line ${t.line}`);
    return value;
  }

  private callArguments(): GoValue[] {
    const start = this.pos;
    if (!isOp(this.tokens[start], "(")) throw new Error(`expected ( at ${this.describe(start)}`);
    this.pos = skipBalanced(this.tokens, start);
    const pieces = splitTopLevel(inside(this.tokens, start), ",");
    if (pieces.some((piece) => isOp(piece[piece.length - 1], "...")))
      throw new Error(`variadic call at line ${this.tokens[start].line}`);
    return pieces.map((piece) => this.evaluator.evaluate(piece, this.scope));
  }

  private describe(at: number): string {
    const t = this.tokens[at];
    return t ? `line ${t.line} (${JSON.stringify(t.value)})` : "the end";
  }
}

function binary(op: string, left: GoValue, right: GoValue): GoValue {
  if (op === "+") {
    if (typeof left === "string" && typeof right === "string") return left + right;
    if (typeof left === "number" && typeof right === "number") return left + right;
    throw new Error(`+ of ${goString(left)} and ${goString(right)}`);
  }
  if (op === "==") return left === right;
  if (op === "!=") return left !== right;
  if (op === "&&") return Boolean(left) && Boolean(right);
  if (op === "||") return Boolean(left) || Boolean(right);
  const a = left as number;
  const b = right as number;
  const numeric: Record<string, () => GoValue> = {
    "-": () => a - b,
    "*": () => a * b,
    "/": () => Math.trunc(a / b),
    "%": () => a % b,
    "<": () => a < b,
    "<=": () => a <= b,
    ">": () => a > b,
    ">=": () => a >= b,
  };
  return numeric[op]();
}
