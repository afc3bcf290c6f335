import { describe, expect, it } from "vitest";
import { decodeGoEscapes, tokenizeGo } from "./go-tokens.js";

const values = (src: string): string[] => tokenizeGo(src).map((t) => (t.kind === "eof" ? "<eof>" : t.value));

describe("tokenizeGo", () => {
  it("inserts semicolons at line ends after identifiers, literals, closing brackets and return (Go spec)", () => {
    expect(values("x := f(a)\nreturn\n}\ny++\n")).toEqual([
      "x",
      ":=",
      "f",
      "(",
      "a",
      ")",
      ";",
      "return",
      ";",
      "}",
      ";",
      "y",
      "++",
      ";",
      "<eof>",
    ]);
    // no semicolon after an operator or an opening brace
    expect(values("a +\nb {\n")).toEqual(["a", "+", "b", "{", "<eof>"]);
  });

  it("drops comments; a multi-line block comment ends a statement like a newline", () => {
    expect(values("a // note\nb /* x\n y */ c")).toEqual(["a", ";", "b", ";", "c", ";", "<eof>"]);
    expect(values("a /* inline */ b")).toEqual(["a", "b", ";", "<eof>"]);
  });

  it("decodes interpreted strings and keeps raw strings verbatim", () => {
    const [s, , r] = tokenizeGo('"a\\"b\\n\\x41\\u00e9\\101" + `c\\d\r\ne`');
    expect(s).toMatchObject({ kind: "string", value: 'a"b\nAéA' });
    expect(r).toMatchObject({ kind: "string", value: "c\\d\ne" });
    expect(decodeGoEscapes("\\xc3\\xa9")).toBe("é"); // bytes form UTF-8 together
  });

  it("classifies numbers and runes, keywords and identifiers", () => {
    const kinds = tokenizeGo("0x1F 1_000 3.5 1e3 .5 2i 'a' '\\n' func Foo").map((t) => `${t.kind}:${t.value}`);
    expect(kinds).toEqual([
      "int:0x1F",
      "int:1_000",
      "float:3.5",
      "float:1e3",
      "float:.5",
      "imag:2i",
      "rune:a",
      "rune:\n",
      "keyword:func",
      "ident:Foo",
      "op:;",
      "eof:",
    ]);
  });

  it("takes the longest operator and counts lines", () => {
    const toks = tokenizeGo("a &^= b\n\nc <- d...");
    expect(toks.map((t) => t.value)).toEqual(["a", "&^=", "b", ";", "c", "<-", "d", "...", ""]);
    expect(toks.find((t) => t.value === "c")?.line).toBe(3);
  });

  it("reports a lexical error with its line", () => {
    expect(() => tokenizeGo('a\n"open')).toThrow(/line 2/);
    expect(() => tokenizeGo("a ? b")).toThrow(/line 1: unexpected character/);
  });
});
