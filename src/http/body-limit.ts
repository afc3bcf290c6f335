import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { osbError } from "./osb-response.js";
import type { OsbEnv } from "./types.js";

/** Methods whose requests never carry a body (@hono/node-server gives them none). */
const WITHOUT_BODY = new Set(["GET", "HEAD"]);

/**
 * 413 `{description}` for a request body over `maxBytes`. A GET or HEAD has no body, so it is not
 * looked at: hono's bodyLimit reads `c.req.raw.body`, which makes @hono/node-server build a full
 * Fetch `Request` (headers, AbortController) for every poll — 9 % of the broker's CPU at
 * 2,000 req/s, for a check whose answer is always "no body".
 */
export function osbBodyLimit(maxBytes: number): MiddlewareHandler<OsbEnv> {
  const limit = bodyLimit({ maxSize: maxBytes, onError: (c) => osbError(c, 413, "request body too large") });
  return (c, next) => (WITHOUT_BODY.has(c.req.method) ? next() : limit(c, next));
}
