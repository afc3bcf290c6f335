/**
 * Go's `url.ParseRequestURI` failures (net/url parse with viaRequest), as `parse "<url>": <reason>`:
 * control characters, an empty URL, a missing scheme, a relative reference, a bad port, a bad
 * percent-escape. Used by the provider's lb_l7policy_v2 redirect_url validator.
 */
import { goQuote } from "./go-format.js";

function reason(raw: string): string | undefined {
  if (/[\x00-\x1f\x7f]/.test(raw)) return "net/url: invalid control character in URL";
  if (raw === "") return "empty url";
  if (raw === "*") return undefined;
  let scheme = "";
  let rest = raw;
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*)?:/.exec(raw);
  if (raw.startsWith(":")) return "missing protocol scheme";
  if (schemeMatch?.[1]) {
    scheme = schemeMatch[1];
    rest = raw.slice(schemeMatch[0].length);
  }
  rest = rest.endsWith("?") && rest.split("?").length === 2 ? rest.slice(0, -1) : rest.split("?")[0];
  if (!rest.startsWith("/")) return scheme ? undefined : "invalid URI for request";
  let path = rest;
  if (scheme && rest.startsWith("//")) {
    const authority = rest.slice(2).split("/")[0];
    path = rest.slice(2 + authority.length);
    const host = authority.slice(authority.lastIndexOf("@") + 1);
    if (host.startsWith("[")) {
      const close = host.indexOf("]");
      if (close < 0) return "missing ']' in host";
      const port = host.slice(close + 1);
      if (port !== "" && !/^:\d*$/.test(port)) return `invalid port ${goQuote(port)} after host`;
    } else {
      const colon = host.lastIndexOf(":");
      if (colon >= 0 && !/^\d*$/.test(host.slice(colon + 1)))
        return `invalid port ${goQuote(host.slice(colon))} after host`;
    }
  }
  const badEscape = /%(?![0-9a-fA-F]{2})(.{0,2})/.exec(path);
  return badEscape ? `invalid URL escape ${goQuote(`%${badEscape[1]}`)}` : undefined;
}

/** The error text of url.ParseRequestURI(raw), or undefined when it parses. */
export function goParseRequestUriError(raw: string): string | undefined {
  const why = reason(raw);
  return why === undefined ? undefined : `parse ${goQuote(raw)}: ${why}`;
}
