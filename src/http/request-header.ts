import type { IncomingMessage } from "node:http";
import type { Context } from "hono";

/**
 * A request header's value. Served by @hono/node-server (`c.env.incoming`), it is read from the
 * headers node's parser already made: `c.req.header()` makes the server build a Fetch `Headers`
 * from the raw ones for every request first. Elsewhere (`app.request()`, other runtimes) from the
 * Request. Both join repeated headers with ", ", except the few node keeps once (Authorization,
 * Content-Type...: the first one counts).
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming?.headers === undefined) return c.req.header(name);
  const value = incoming.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}
