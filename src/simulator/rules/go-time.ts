/**
 * Go's `time.Parse(time.RFC3339, value)` error messages (the SDK's IsRFC3339Time quotes them), e.g.
 * `parsing time "2024-13-01T00:00:00Z": month out of range` or
 * `parsing time "tomorrow" as "2006-01-02T15:04:05Z07:00": cannot parse "tomorrow" as "2006"`.
 * Returns undefined when Go would accept the value.
 */

const RFC3339 = "2006-01-02T15:04:05Z07:00";

/** The time package's own quote(): `\xNN` for every non-ASCII or control byte. */
export function timeQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code >= 0x80 || code < 0x20) {
      for (const byte of Buffer.from(char, "utf8")) out += `\\x${byte.toString(16).padStart(2, "0")}`;
    } else out += char === '"' || char === "\\" ? `\\${char}` : char;
  }
  return `${out}"`;
}

const isDigit = (s: string, i: number) => i < s.length && s[i] >= "0" && s[i] <= "9";

/** time.getnum: one or two digits (`fixed`: exactly two). */
function getnum(s: string, fixed: boolean): { n: number; rest: string } | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : { n: Number(s[0]), rest: s.slice(1) };
  return { n: Number(s.slice(0, 2)), rest: s.slice(2) };
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The error text of time.Parse(time.RFC3339, value), or undefined when the value parses. */
export function rfc3339Error(value: string): string | undefined {
  const cannot = (rest: string, element: string) =>
    `parsing time ${timeQuote(value)} as ${timeQuote(RFC3339)}: cannot parse ${timeQuote(rest)} as ${timeQuote(element)}`;
  const message = (text: string) => `parsing time ${timeQuote(value)}${text}`;
  let rest = value;
  const literal = (text: string): boolean => {
    if (!rest.startsWith(text)) return false;
    rest = rest.slice(text.length);
    return true;
  };
  // 2006
  const yearText = rest.slice(0, 4);
  if (rest.length < 4 || !/^[+-]?\d+$/.test(yearText)) return cannot(rest, "2006");
  const year = Number(yearText);
  rest = rest.slice(4);
  const fields: { prefix: string; element: string; fixed: boolean; range: string; max: number; min: number }[] = [
    { prefix: "-", element: "01", fixed: true, range: "month", min: 1, max: 12 },
    { prefix: "-", element: "02", fixed: true, range: "", min: 0, max: 99 },
    { prefix: "T", element: "15", fixed: false, range: "hour", min: 0, max: 23 },
    { prefix: ":", element: "04", fixed: true, range: "minute", min: 0, max: 59 },
    { prefix: ":", element: "05", fixed: true, range: "second", min: 0, max: 59 },
  ];
  const numbers: number[] = [];
  for (const field of fields) {
    if (!literal(field.prefix)) return cannot(rest, field.prefix);
    const parsed = getnum(rest, field.fixed);
    if (!parsed) return cannot(rest, field.element);
    if (field.range && (parsed.n < field.min || parsed.n > field.max)) return message(`: ${field.range} out of range`);
    numbers.push(parsed.n);
    rest = parsed.rest;
  }
  // Fractional seconds are accepted although the layout has none.
  if (rest.length >= 2 && (rest[0] === "." || rest[0] === ",") && isDigit(rest, 1)) {
    let n = 2;
    while (isDigit(rest, n)) n++;
    rest = rest.slice(n);
  }
  // Z07:00
  if (rest.startsWith("Z")) rest = rest.slice(1);
  else {
    const zone = rest;
    const bad = () => cannot(zone, "Z07:00");
    if (rest.length < 6 || rest[3] !== ":") return bad();
    const hours = getnum(rest.slice(1, 3), true);
    const minutes = getnum(rest.slice(4, 6), true);
    if (!hours || !minutes) return bad();
    const range = minutes.n > 60 ? "time zone offset minute" : hours.n > 24 ? "time zone offset hour" : "";
    // MUST report a range error before a bad sign, as Go does.
    if (range) return message(`: ${range} out of range`);
    if (rest[0] !== "+" && rest[0] !== "-") return bad();
    rest = rest.slice(6);
  }
  if (rest.length > 0) return message(`: extra text: ${timeQuote(rest)}`);
  const [month, day] = numbers;
  if (day < 1 || day > daysIn(month, year)) return message(": day out of range");
  return undefined;
}
