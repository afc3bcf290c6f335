import type { MiddlewareHandler } from "hono";
import type { BrokerMetrics } from "../domain/metrics.js";

/** The route label of a request no route matched (a raw path would make the label set unbounded). */
export const UNMATCHED_ROUTE = "(unmatched)";

/**
 * Records every request in `metrics.httpRequest` by method, route PATTERN (hono's `routePath` of
 * the handler that answered, e.g. `/v2/service_instances/:instance_id`) and status. MUST be the
 * outermost middleware: it times and counts what every inner one answers (401s included).
 */
export function requestMetrics(metrics: BrokerMetrics): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      const pattern = c.req.routePath;
      // A wildcard pattern here is a middleware's: nothing more specific answered.
      const route = pattern.includes("*") ? UNMATCHED_ROUTE : pattern;
      metrics.httpRequest(c.req.method, route, c.res.status, (performance.now() - start) / 1000);
    }
  };
}
