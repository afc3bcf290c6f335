/**
 * Go's fmt.Sprintf for the verbs acceptance configs use: %s %v %d %q %t %f and %%, explicit
 * argument indexes (%[2]s) and widths. A missing or unused argument is an error here (Go would
 * print `%!s(MISSING)` / `%!(EXTRA ...)` into the config, which no acceptance config intends).
 */
import type { GoValue } from "./go-values.js";
import { goString } from "./go-values.js";

const VERB = /%([-+# 0]*)(\[(\d+)\])?(\d+|\*)?(\.(\d+))?(\[(\d+)\])?([a-zA-Z%])/y;

/** Formats like Go's fmt.Sprintf; throws on a bad verb, a missing or an unused argument. */
export function goSprintf(format: string, args: readonly GoValue[]): string {
  let out = "";
  let next = 0;
  const used = new Set<number>();
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf("%", i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    VERB.lastIndex = pct;
    const m = VERB.exec(format);
    if (!m) throw new Error(`bad format verb at ${JSON.stringify(format.slice(pct, pct + 8))}`);
    i = VERB.lastIndex;
    const verb = m[9];
    if (verb === "%") {
      out += "%";
      continue;
    }
    const index = m[3] ?? m[8];
    if (index !== undefined) next = Number(index) - 1;
    if (next >= args.length) throw new Error(`fmt.Sprintf: no argument ${next + 1} for %${verb}`);
    used.add(next);
    const text = formatOne(verb, args[next]);
    next++;
    const width = m[4] === undefined || m[4] === "*" ? 0 : Number(m[4]);
    out += m[1].includes("-") ? text.padEnd(width) : text.padStart(width, m[1].includes("0") ? "0" : " ");
  }
  const unused = args.map((_, n) => n).filter((n) => !used.has(n));
  if (unused.length > 0) throw new Error(`fmt.Sprintf: argument ${unused[0] + 1} of ${args.length} is not used`);
  return out;
}

function formatOne(verb: string, value: GoValue): string {
  switch (verb) {
    case "s":
    case "v":
      return goString(value);
    case "d":
      if (typeof value !== "number") throw new Error(`%d of a non-number (${goString(value)})`);
      return String(Math.trunc(value));
    case "f":
      if (typeof value !== "number") throw new Error(`%f of a non-number`);
      return value.toFixed(6);
    case "t":
      if (typeof value !== "boolean") throw new Error(`%t of a non-boolean`);
      return String(value);
    case "q":
      return JSON.stringify(goString(value));
    default:
      throw new Error(`unsupported verb %${verb}`);
  }
}
