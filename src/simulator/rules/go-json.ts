/**
 * Go's encoding/json as the provider's validators and StateFuncs see it: `json.Unmarshal`'s error text
 * (its scanner's `invalid character 'x' looking for beginning of value`, `unexpected end of JSON
 * input`, `json: cannot unmarshal array into Go value of type map[string]interface {}`) and
 * `structure.NormalizeJsonString` (Unmarshal + Marshal: sorted keys, compact, HTML-safe escapes).
 */
import { goQuote } from "./go-format.js";

class SyntaxFailure extends Error {}

/** scanner.quoteChar. */
function quoteChar(char: string): string {
  if (char === "'") return `'\\''`;
  if (char === '"') return `'"'`;
  return `'${goQuote(char).slice(1, -1)}'`;
}

/** A scanner over `text` that throws Go's message at the first error. */
function scan(text: string): void {
  let i = 0;
  const fail = (context: string): never => {
    if (i >= text.length) throw new SyntaxFailure("unexpected end of JSON input");
    throw new SyntaxFailure(`invalid character ${quoteChar(String.fromCodePoint(text.codePointAt(i)!))} ${context}`);
  };
  const space = () => {
    while (i < text.length && " \t\r\n".includes(text[i])) i++;
  };
  const digits = () => {
    const start = i;
    while (i < text.length && text[i] >= "0" && text[i] <= "9") i++;
    return i - start;
  };
  function string(): void {
    i++;
    for (;;) {
      if (i >= text.length) fail("in string literal");
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c < " ") fail("in string literal");
      if (c === "\\") {
        i++;
        if (i < text.length && '"\\/bfnrt'.includes(text[i])) {
          i++;
          continue;
        }
        if (text[i] !== "u") fail("in string escape code");
        i++;
        for (let n = 0; n < 4; n++, i++)
          if (!/[0-9a-fA-F]/.test(text[i] ?? "")) fail("in \\u hexadecimal character escape");
        continue;
      }
      i++;
    }
  }
  function number(): void {
    if (text[i] === "-") i++;
    if (text[i] === "0") i++;
    else if (!digits()) fail("in numeric literal");
    if (text[i] === ".") {
      i++;
      if (!digits()) fail("after decimal point in numeric literal");
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      if (!digits()) fail("in exponent of numeric literal");
    }
  }
  function value(): void {
    space();
    const c = text[i];
    if (c === "{") {
      i++;
      space();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail("looking for beginning of object key string");
        string();
        space();
        if (text[i] !== ":") fail("after object key");
        i++;
        value();
        space();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail("after object key:value pair");
      }
    }
    if (c === "[") {
      i++;
      space();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail("after array element");
      }
    }
    if (c === '"') return string();
    if (c === "-" || (c >= "0" && c <= "9")) return number();
    for (const literal of ["true", "false", "null"]) {
      if (c !== literal[0]) continue;
      for (let n = 1; n < literal.length; n++) {
        i++;
        if (text[i] !== literal[n]) fail(`in literal ${literal} (expecting ${quoteChar(literal[n])})`);
      }
      i++;
      return;
    }
    fail("looking for beginning of value");
  }
  value();
  space();
  if (i < text.length) fail("after top-level value");
}

/** json.Unmarshal(text, &target)'s error for a target of Go type `targetType` (a map or interface{}), or undefined. */
export function goJsonError(text: string, targetType: string): string | undefined {
  try {
    scan(text);
  } catch (error) {
    if (error instanceof SyntaxFailure) return error.message;
    throw error;
  }
  if (!targetType.startsWith("map[")) return undefined;
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || (typeof parsed === "object" && !Array.isArray(parsed))) return undefined;
  const kind = Array.isArray(parsed) ? "array" : typeof parsed === "boolean" ? "bool" : typeof parsed;
  return `json: cannot unmarshal ${kind} into Go value of type ${targetType}`;
}

function marshal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(marshal).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((key) => `${marshal(key)}:${marshal((value as Record<string, unknown>)[key])}`).join(",")}}`;
  }
  if (typeof value === "string") {
    return JSON.stringify(value).replace(
      /[<>&\u2028\u2029]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  }
  return JSON.stringify(value);
}

/** structure.NormalizeJsonString: "" stays "", invalid JSON is returned unchanged. */
export function normalizeJsonString(text: string): string {
  if (text === "" || goJsonError(text, "interface {}")) return text;
  return marshal(JSON.parse(text));
}
