/**
 * A Go tokenizer, just enough to read the provider's acceptance test files: identifiers, numbers,
 * interpreted ("...") and raw (`...`) strings, runes, operators, and the semicolons Go inserts at
 * the end of a line (The Go Programming Language Specification, "Semicolons").
 */

/** One Go token. `value` of a string token is the decoded string. */
export interface GoToken {
  readonly kind: "ident" | "number" | "string" | "rune" | "op" | ";";
  readonly value: string;
  /** 1-based line of the token's first character. */
  readonly line: number;
}

const OPERATORS = [
  "<<=", ">>=", "&^=", "...", "&&", "||", "<-", "++", "--", "==", "!=", "<=", ">=", ":=", "+=", "-=", "*=",
  "/=", "%=", "&=", "|=", "^=", "<<", ">>", "&^",
];
const SINGLE = "+-*/%&|^<>=!()[]{},;.:~";
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", "'": "'", '"': '"',
};

/** Tokenizes Go source. Throws on an unterminated string or comment, naming the line. */
export function tokenizeGo(source: string): GoToken[] {
  const tokens: GoToken[] = [];
  let i = 0;
  let line = 1;
  const push = (kind: GoToken["kind"], value: string, at: number) => tokens.push({ kind, value, line: at });
  const newline = () => {
    // MUST insert a semicolon where Go does, so statements and declarations can be split on ";".
    const last = tokens[tokens.length - 1];
    if (last && endsStatement(last)) push(";", "\n", line);
    line++;
  };
  while (i < source.length) {
    const c = source[i];
    if (c === "\n") { newline(); i++; continue; }
    if (c === " " || c === "\t" || c === "\r") { i++; continue; }
    if (source.startsWith("//", i)) {
      while (i < source.length && source[i] !== "\n") i++;
      continue;
    }
    if (source.startsWith("/*", i)) {
      const end = source.indexOf("*/", i + 2);
      if (end < 0) throw new Error(`unterminated comment at line ${line}`);
      const lines = source.slice(i, end).split("\n").length - 1;
      for (let n = 0; n < lines; n++) newline();
      i = end + 2;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 200))!;
      push("ident", m[0], line);
      i += m[0].length;
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(source[i + 1] ?? ""))) {
      const m = /^(0[xX][0-9a-fA-F_]+|[0-9_]*\.?[0-9_]*([eE][+-]?[0-9]+)?i?)/.exec(source.slice(i, i + 100))!;
      push("number", m[0], line);
      i += m[0].length;
      continue;
    }
    if (c === "`") {
      const end = source.indexOf("`", i + 1);
      if (end < 0) throw new Error(`unterminated raw string at line ${line}`);
      const text = source.slice(i + 1, end);
      push("string", text.replace(/\r/g, ""), line);
      line += text.split("\n").length - 1;
      i = end + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      const { value, next } = readQuoted(source, i, line);
      push(c === '"' ? "string" : "rune", value, line);
      i = next;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i)) ?? (SINGLE.includes(c) ? c : undefined);
    if (!op) throw new Error(`unexpected character ${JSON.stringify(c)} at line ${line}`);
    push(op === ";" ? ";" : "op", op, line);
    i += op.length;
  }
  const last = tokens[tokens.length - 1];
  if (last && endsStatement(last)) push(";", "\n", line);
  return tokens;
}

function endsStatement(token: GoToken): boolean {
  // Every identifier (keywords included: gofmt never ends a line with `if`, `func`...).
  if (token.kind === "ident") return true;
  if (token.kind === "number" || token.kind === "string" || token.kind === "rune") return true;
  if (token.kind === "op") return ["++", "--", ")", "]", "}"].includes(token.value);
  return false;
}

function readQuoted(source: string, start: number, line: number): { value: string; next: number } {
  const quote = source[start];
  let out = "";
  let i = start + 1;
  while (i < source.length && source[i] !== quote) {
    const c = source[i];
    if (c === "\n") throw new Error(`newline in string at line ${line}`);
    if (c !== "\\") { out += c; i++; continue; }
    const e = source[i + 1];
    if (e in SIMPLE_ESCAPES) { out += SIMPLE_ESCAPES[e]; i += 2; continue; }
    const hexLength = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    if (hexLength > 0) {
      out += String.fromCodePoint(parseInt(source.slice(i + 2, i + 2 + hexLength), 16));
      i += 2 + hexLength;
      continue;
    }
    if (/[0-7]/.test(e)) { out += String.fromCharCode(parseInt(source.slice(i + 1, i + 4), 8)); i += 4; continue; }
    throw new Error(`unknown escape \\${e} at line ${line}`);
  }
  if (i >= source.length) throw new Error(`unterminated string at line ${line}`);
  return { value: out, next: i + 1 };
}
