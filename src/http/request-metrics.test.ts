import { Hono, type MiddlewareHandler } from "hono";
import { describe, expect, it } from "vitest";
import { noMetrics, type BrokerMetrics } from "../domain/metrics.js";
import { createDrainCheck, type DrainGuardOptions } from "./drain-guard.js";
import { requestMetrics, UNMATCHED_ROUTE } from "./request-metrics.js";

/** The drain check as a middleware of its own (how it ran before it joined the metrics layer). */
function drainGuard(options: DrainGuardOptions): MiddlewareHandler {
  const check = createDrainCheck(options);
  return async (c, next) => check(c) ?? next();
}

/** A server with the metrics and drain guard either as two layers (before) or as one (now). */
function server(folded: boolean, draining: () => boolean) {
  const seen: [string, string, number][] = [];
  const metrics: BrokerMetrics = { ...noMetrics, httpRequest: (m, r, s) => void seen.push([m, r, s]) };
  const options = { draining, retryAfterSeconds: 30 };
  const app = new Hono();
  if (folded) app.use(requestMetrics(metrics, createDrainCheck(options)));
  else app.use(requestMetrics(metrics), drainGuard(options));
  app.on(["GET", "PUT"], "/v2/service_instances/:instance_id", (c) => c.json({ ok: true }));
  return { app, seen };
}

describe("the request metrics with the drain check in the same layer", () => {
  it("answer and count as the metrics and drain guard layers did, draining or not", async () => {
    for (const draining of [false, true]) {
      const before = server(false, () => draining);
      const after = server(true, () => draining);
      for (const method of ["GET", "PUT"]) {
        const [a, b] = await Promise.all(
          [after, before].map((s) => s.app.request("/v2/service_instances/i1", { method })),
        );
        expect([a.status, [...a.headers], await a.text()]).toEqual([b.status, [...b.headers], await b.text()]);
      }
      expect(after.seen).toEqual(before.seen);
    }
    const refused = server(true, () => true);
    const res = await refused.app.request("/v2/service_instances/i1", { method: "PUT" });
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("30");
    expect(refused.seen).toEqual([["PUT", UNMATCHED_ROUTE, 503]]);
  });
});
