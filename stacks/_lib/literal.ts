import { Fn } from "cdktf";

/**
 * A long literal text (a script, a template) for use inside terraform functions such as
 * `Fn.replace(textLiteral(script), "@@X@@", value)`. cdktf refuses raw double quotes there and its
 * `Fn.rawString` escapes quotes, newlines and `${` but not backslashes, which HCL would then read
 * as escape sequences (`\.` is an error, `\n` a newline): this escapes them too. `%{` would start a
 * terraform template directive and is refused.
 */
export function textLiteral(text: string): string {
  if (text.includes("%{")) throw new Error('textLiteral: the text contains "%{", which terraform would evaluate');
  return Fn.rawString(text.replace(/\\/g, "\\\\"));
}
