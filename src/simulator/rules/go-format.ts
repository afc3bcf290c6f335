/**
 * Go's fmt verbs the terraform-plugin-sdk's messages use, so the simulator's diagnostics read
 * exactly like the real provider's: `%q` of a string (strconv.Quote), `%q` of a []string
 * (`["a" "b"]`), `%+q` (ASCII-only quoting) and `%v` of a slice (`[1 2 3]`).
 */

const ESCAPES: Readonly<Record<string, string>> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
  '"': '\\"',
  "\\": "\\\\",
};

/** True for the code points Go's strconv.IsPrint accepts (approximated by Unicode categories). */
function isPrint(char: string): boolean {
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(char);
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, "0");
}

/** strconv.Quote (`asciiOnly`: strconv.QuoteToASCII, the `%+q` verb). */
export function goQuote(value: string, asciiOnly = false): string {
  let out = '"';
  for (const char of value) {
    const escaped = ESCAPES[char];
    const code = char.codePointAt(0)!;
    if (escaped) out += escaped;
    else if (code < 0x80 ? code >= 0x20 && code !== 0x7f : !asciiOnly && isPrint(char)) out += char;
    else if (code < 0x80) out += `\\x${hex(code, 2)}`;
    else if (code <= 0xffff) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return `${out}"`;
}

/** `%q` of a []string: `["a" "b"]` (`%+q` with `asciiOnly`). */
export function goQuoteSlice(values: readonly string[], asciiOnly = false): string {
  return `[${values.map((value) => goQuote(value, asciiOnly)).join(" ")}]`;
}

/** `%v` of a slice of primitives: `[1 2 3]`. */
export function goSlice(values: readonly (string | number | boolean)[]): string {
  return `[${values.map(String).join(" ")}]`;
}

/** `%v` of a float64 (`%g`, shortest: exponent below 1e-4 and from 1e21, at least two exponent digits). */
export function goFloat(value: number): string {
  const magnitude = Math.abs(value);
  const text = magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e21) ? value.toExponential() : String(value);
  return text.replace(/e([+-])(\d)$/, "e$10$2");
}

/** fmt.Sprintf for the verbs the provider's messages use: %s %v %d %w %q %+q %% (strings, numbers, string slices). */
export function goSprintf(format: string, args: readonly (string | number | readonly string[])[]): string {
  let next = 0;
  return format.replace(/%(\+?)([svdwq%])/g, (_match, plus: string, verb: string) => {
    if (verb === "%") return "%";
    const arg = args[next++];
    if (arg === undefined) return `%!${verb}(MISSING)`;
    if (verb === "q") return Array.isArray(arg) ? goQuoteSlice(arg, plus === "+") : goQuote(String(arg), plus === "+");
    return Array.isArray(arg) ? goSlice(arg) : String(arg);
  });
}
