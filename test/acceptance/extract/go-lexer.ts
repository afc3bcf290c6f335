/**
 * The extractor's tokens: those of the provider-rules tokenizer (scripts/provider-rules/go-tokens.ts,
 * the whole lexical grammar with the spec's semicolon insertion), without its closing `eof`. Keywords
 * keep their kind (`keyword`); `isIdent(token, "func")` matches both (go-tokens.ts).
 */
import { tokenizeGo as tokenizeAll, type GoToken } from "../../../scripts/provider-rules/go-tokens.js";

export type { GoToken };

/** Tokenizes Go source (no `eof`). Throws on a lexical error, naming the line. */
export function tokenizeGo(source: string): GoToken[] {
  return tokenizeAll(source).filter((t) => t.kind !== "eof");
}
