import type { Context, MiddlewareHandler } from "hono";
import type { BrokerMetrics } from "../domain/metrics.js";

/** The route label of a request no route matched (a raw path would make the label set unbounded). */
export const UNMATCHED_ROUTE = "(unmatched)";

/**
 * Records every request in `metrics.httpRequest` by method, route PATTERN (hono's `routePath` of
 * the handler that answered, e.g. `/v2/service_instances/:instance_id`) and status. MUST be the
 * outermost middleware: it times and counts what every inner one answers (401s included).
 * `guard` (e.g. the drain check, src/http/drain-guard.ts) runs right inside it in the same hono
 * layer: its answer, when it gives one, is the response, counted as unmatched like any middleware's.
 */
export function requestMetrics(
  metrics: BrokerMetrics,
  guard?: (c: Context) => Response | undefined,
): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    try {
      const refusal = guard?.(c);
      if (refusal !== undefined) c.res = refusal;
      else await next();
    } finally {
      const pattern = c.req.routePath;
      // A wildcard pattern here is a middleware's: nothing more specific answered.
      const route = pattern.includes("*") ? UNMATCHED_ROUTE : pattern;
      metrics.httpRequest(c.req.method, route, c.res.status, (performance.now() - start) / 1000);
    }
  };
}
