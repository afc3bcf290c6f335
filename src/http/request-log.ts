import type { MiddlewareHandler } from "hono";
import type { OsbEnv, OsbLogger } from "./types.js";

/**
 * Logs one debug line per request: method, path, status, duration and request identity. Never
 * headers, query strings or bodies (they may carry credentials or parameters).
 */
export function requestLog(logger: OsbLogger): MiddlewareHandler<OsbEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.debug(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        requestIdentity: c.get("requestIdentity"),
      },
      "OSB request",
    );
  };
}
