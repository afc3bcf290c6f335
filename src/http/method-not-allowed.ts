import type { Hono } from "hono";
import { osbError } from "./osb-response.js";
import type { OsbEnv } from "./types.js";

/**
 * Registers a catch-all for `path` after its real handlers: any other method gets 405
 * `{ description }` with an Allow header. MUST be called after the path's handlers are registered
 * (hono matches in registration order).
 */
export function rejectOtherMethods(app: Hono<OsbEnv>, path: string, allowed: readonly string[]): void {
  const allow = allowed.includes("GET") ? [...allowed, "HEAD"] : [...allowed];
  app.all(path, (c) => {
    c.header("Allow", allow.join(", "));
    return osbError(c, 405, `method ${c.req.method} is not allowed on ${c.req.path}; allowed: ${allow.join(", ")}`);
  });
}
