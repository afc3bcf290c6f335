/**
 * A tokenizer for Go source (the subset of the language spec the provider uses, which is all of the
 * lexical grammar): identifiers, keywords, number / string / rune literals, operators, with the
 * spec's automatic semicolon insertion. Comments are dropped.
 */

/** The kinds of tokens. `op` covers operators and punctuation; `eof` ends every stream. */
export type GoTokenKind = "ident" | "keyword" | "int" | "float" | "imag" | "string" | "rune" | "op" | "eof";

/** One token: its kind, its text (decoded for strings and runes), the 1-based line it starts on. */
export interface GoToken {
  readonly kind: GoTokenKind;
  readonly value: string;
  readonly line: number;
}

const KEYWORDS = new Set([
  "break",
  "case",
  "chan",
  "const",
  "continue",
  "default",
  "defer",
  "else",
  "fallthrough",
  "for",
  "func",
  "go",
  "goto",
  "if",
  "import",
  "interface",
  "map",
  "package",
  "range",
  "return",
  "select",
  "struct",
  "switch",
  "type",
  "var",
]);

// Longest first: the tokenizer takes the first operator that matches.
const OPERATORS = [
  "<<=",
  ">>=",
  "&^=",
  "...",
  "&&",
  "||",
  "<-",
  "++",
  "--",
  "==",
  "!=",
  "<=",
  ">=",
  ":=",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "<<",
  ">>",
  "&^",
  "+",
  "-",
  "*",
  "/",
  "%",
  "&",
  "|",
  "^",
  "<",
  ">",
  "=",
  "!",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ";",
  ".",
  ":",
  "~",
];

/** MUST follow the spec: a newline after one of these ends the statement (an implicit `;`). */
function endsStatement(t: GoToken | undefined): boolean {
  if (!t) return false;
  if (t.kind === "ident" || t.kind === "int" || t.kind === "float" || t.kind === "imag") return true;
  if (t.kind === "string" || t.kind === "rune") return true;
  if (t.kind === "keyword") return ["break", "continue", "fallthrough", "return"].includes(t.value);
  return t.kind === "op" && ["++", "--", ")", "]", "}"].includes(t.value);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
};

/** Decodes the escapes of an interpreted string or rune literal body (without its quotes). */
export function decodeGoEscapes(body: string): string {
  let out = "";
  const bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length) out += Buffer.from(bytes).toString("utf8");
    bytes.length = 0;
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      flush();
      out += c;
      continue;
    }
    const e = body[++i];
    if (e in SIMPLE_ESCAPES) {
      flush();
      out += SIMPLE_ESCAPES[e];
    } else if (e === "x") {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === "u" || e === "U") {
      const n = e === "u" ? 4 : 8;
      flush();
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + n), 16));
      i += n;
    } else if (e >= "0" && e <= "7") {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      throw new Error(`unknown escape \\${e}`);
    }
  }
  flush();
  return out;
}

const NUMBER =
  /^(?:0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]+)?|0[bB][01_]+|0[oO][0-7_]+|(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9_]+)?)i?/;

/** Tokenizes Go source; throws with the line number on a lexical error. */
export function tokenizeGo(source: string): GoToken[] {
  const tokens: GoToken[] = [];
  let line = 1;
  let i = 0;
  const push = (kind: GoTokenKind, value: string, at: number): void => {
    tokens.push({ kind, value, line: at });
  };
  const newline = (): void => {
    if (endsStatement(tokens[tokens.length - 1])) push("op", ";", line);
    line++;
  };
  while (i < source.length) {
    const c = source[i];
    if (c === "\n") {
      newline();
      i++;
    } else if (c === " " || c === "\t" || c === "\r") {
      i++;
    } else if (source.startsWith("//", i)) {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (source.startsWith("/*", i)) {
      const end = source.indexOf("*/", i + 2);
      if (end < 0) throw new Error(`line ${line}: unterminated comment`);
      const text = source.slice(i, end + 2);
      const lines = text.split("\n").length - 1;
      if (lines > 0) newline(); // a multi-line comment acts like a newline
      line += Math.max(0, lines - 1);
      i = end + 2;
    } else if (/[\p{L}_]/u.test(c)) {
      const m = /^[\p{L}_][\p{L}\p{Nd}_]*/u.exec(source.slice(i, i + 200))!;
      push(KEYWORDS.has(m[0]) ? "keyword" : "ident", m[0], line);
      i += m[0].length;
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(source[i + 1] ?? ""))) {
      const text = NUMBER.exec(source.slice(i, i + 100))![0];
      const kind: GoTokenKind = text.endsWith("i")
        ? "imag"
        : /^0[xX]/.test(text)
          ? /[.pP]/.test(text)
            ? "float"
            : "int"
          : /[.eE]/.test(text)
            ? "float"
            : "int";
      push(kind, text, line);
      i += text.length;
    } else if (c === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== '"') {
        if (source[j] === "\n") throw new Error(`line ${line}: newline in string`);
        j += source[j] === "\\" ? 2 : 1;
      }
      if (j >= source.length) throw new Error(`line ${line}: unterminated string`);
      push("string", decodeGoEscapes(source.slice(i + 1, j)), line);
      i = j + 1;
    } else if (c === "`") {
      const end = source.indexOf("`", i + 1);
      if (end < 0) throw new Error(`line ${line}: unterminated raw string`);
      const raw = source.slice(i + 1, end);
      push("string", raw.replace(/\r/g, ""), line);
      line += raw.split("\n").length - 1;
      i = end + 1;
    } else if (c === "'") {
      let j = i + 1;
      while (j < source.length && source[j] !== "'" && source[j] !== "\n") j += source[j] === "\\" ? 2 : 1;
      if (source[j] !== "'") throw new Error(`line ${line}: unterminated rune`);
      push("rune", decodeGoEscapes(source.slice(i + 1, j)), line);
      i = j + 1;
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (!op) throw new Error(`line ${line}: unexpected character ${JSON.stringify(c)}`);
      push("op", op, line);
      i += op.length;
    }
  }
  if (endsStatement(tokens[tokens.length - 1])) push("op", ";", line);
  push("eof", "", line);
  return tokens;
}
