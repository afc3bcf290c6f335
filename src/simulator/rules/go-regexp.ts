/**
 * Go's regexp (RE2) as far as the SDK's StringMatch / StringIsValidRegExp need it: a JavaScript
 * RegExp for a Go pattern, and `regexp.Compile`'s error text (`error parsing regexp: missing
 * closing ): \`(a\``). JavaScript's parser finds the errors; the common ones are reworded as Go's,
 * and what RE2 refuses but JavaScript accepts (look-arounds, back-references) is refused here too.
 */

const PREFIX = "error parsing regexp: ";

/** A JavaScript RegExp matching like the Go pattern, or undefined when it cannot be translated. */
export function goRegExp(pattern: string): RegExp | undefined {
  let flags = "";
  let source = pattern;
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline) {
    if (inline[1].includes("U")) return undefined;
    flags = [...new Set(inline[1])].join("");
    source = source.slice(inline[0].length);
  }
  source = source.replace(/\\A/g, "^").replace(/\\z/g, "$");
  try {
    return new RegExp(source, flags);
  } catch {
    return undefined;
  }
}

function firstMatch(pattern: string, regexp: RegExp): string | undefined {
  return regexp.exec(pattern)?.[0];
}

/** The error regexp.Compile returns for `pattern`, or undefined when Go accepts it. */
export function goRegExpError(pattern: string): string | undefined {
  const perl = firstMatch(pattern, /\(\?<?[=!]/);
  if (perl) return `${PREFIX}invalid or unsupported Perl syntax: \`${perl}\``;
  const backReference = firstMatch(pattern, /\\[1-9]/);
  if (backReference) return `${PREFIX}invalid escape sequence: \`${backReference}\``;
  if (/(^|[^\\])(\\\\)*\\$/.test(pattern)) return `${PREFIX}trailing backslash at end of expression: \`\``;
  const nested = firstMatch(pattern, /(?<![\\[])[*+?][*+]|\}[*+]/);
  if (nested) return `${PREFIX}invalid nested repetition operator: \`${nested}\``;
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    if (/Unterminated group/.test(message)) return `${PREFIX}missing closing ): \`${pattern}\``;
    if (/Unmatched '\)'/.test(message)) return `${PREFIX}unexpected ): \`${pattern}\``;
    if (/Unterminated character class/.test(message))
      return `${PREFIX}missing closing ]: \`${pattern.slice(pattern.lastIndexOf("["))}\``;
    if (/Nothing to repeat/.test(message))
      return `${PREFIX}missing argument to repetition operator: \`${firstMatch(pattern, /[*+?]/) ?? ""}\``;
    if (/out of order/.test(message))
      return `${PREFIX}invalid character class range: \`${firstMatch(pattern, /.-./) ?? ""}\``;
    return `${PREFIX}${message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, "").toLowerCase()}: \`${pattern}\``;
  }
}
