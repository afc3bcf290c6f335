/** Helpers over Go token lists: balanced brackets, splitting on top-level separators. */
import type { GoToken } from "./go-lexer.js";

const OPEN: Readonly<Record<string, string>> = { "(": ")", "[": "]", "{": "}" };

/** Whether `token` is the operator (or semicolon) `value`. */
export function isOp(token: GoToken | undefined, value: string): boolean {
  return token !== undefined && token.kind === "op" && token.value === value;
}

/** Whether `token` is the identifier (or, with a `name`, the keyword) `name`. */
export function isIdent(token: GoToken | undefined, name?: string): boolean {
  if (token === undefined) return false;
  return name === undefined
    ? token.kind === "ident"
    : (token.kind === "ident" || token.kind === "keyword") && token.value === name;
}

/** Index just past the bracket closing the one at `start` (which MUST be `(`, `[` or `{`). */
export function skipBalanced(tokens: readonly GoToken[], start: number): number {
  const close = OPEN[tokens[start]?.value ?? ""];
  if (!close || tokens[start].kind !== "op") throw new Error(`expected a bracket at line ${tokens[start]?.line}`);
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== "op") continue;
    if (t.value in OPEN) depth++;
    else if (t.value === ")" || t.value === "]" || t.value === "}") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error(`unbalanced ${tokens[start].value} from line ${tokens[start].line}`);
}

/** Splits `tokens` on `separator` outside brackets (empty pieces, e.g. after a trailing comma, are dropped). */
export function splitTopLevel(tokens: readonly GoToken[], separator: "," | ";"): GoToken[][] {
  const pieces: GoToken[][] = [];
  let current: GoToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === "op" && t.value in OPEN) {
      const end = skipBalanced(tokens, i);
      current.push(...tokens.slice(i, end));
      i = end - 1;
      continue;
    }
    if (isOp(t, separator)) {
      if (current.length > 0) pieces.push(current);
      current = [];
      continue;
    }
    current.push(t);
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

/** The tokens inside the bracket pair starting at `start`. */
export function inside(tokens: readonly GoToken[], start: number): GoToken[] {
  return tokens.slice(start + 1, skipBalanced(tokens, start) - 1);
}

/** Splits a composite literal's elements `Key: value` into a map (elements without a key are skipped). */
export function keyedElements(tokens: readonly GoToken[]): Map<string, GoToken[]> {
  const out = new Map<string, GoToken[]>();
  for (const piece of splitTopLevel(tokens, ",")) {
    if (isIdent(piece[0]) && isOp(piece[1], ":")) out.set(piece[0].value, piece.slice(2));
  }
  return out;
}

/** Index of the operator `value` outside brackets, or -1. */
export function topLevelIndex(tokens: readonly GoToken[], value: string): number {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === "op" && t.value in OPEN) i = skipBalanced(tokens, i) - 1;
    else if (isOp(t, value)) return i;
  }
  return -1;
}
