import { Counter, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { registerHttpRequestMetrics } from "./http-request-metrics.js";

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The two families as prom-client's own Counter and Histogram recorded them before. */
function promClientSide() {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({
    name: "openstack_broker_http_requests_total",
    help: "HTTP requests, by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    registers,
  });
  const seconds = new Histogram({
    name: "openstack_broker_http_request_duration_seconds",
    help: "HTTP request duration, by method and route pattern",
    labelNames: ["method", "route"] as const,
    buckets: BUCKETS,
    registers,
  });
  const record = (method: string, route: string, status: number, s: number) => {
    requests.inc({ method, route, status: String(status) });
    seconds.observe({ method, route }, s);
  };
  return { registry, record };
}

describe("the HTTP request metrics in plain numbers", () => {
  it("render exactly what prom-client's Counter and Histogram render for the same requests", async () => {
    const before = promClientSide();
    const registry = new Registry();
    const after = { registry, record: registerHttpRequestMetrics({ registry, buckets: BUCKETS }) };
    expect(await after.registry.metrics()).toBe(await before.registry.metrics());
    const requests: [string, string, number, number][] = [
      ["GET", "/v2/catalog", 200, 0.0004],
      ["GET", "/v2/catalog", 200, 0.005],
      ["GET", "/v2/catalog", 401, 0.0051],
      ["PUT", "/v2/service_instances/:instance_id", 202, 0.3],
      ["GET", "/v2/catalog", 200, 31],
      ["GET", "(unmatched)", 404, 0.1],
      ["PUT", "/v2/service_instances/:instance_id", 422, 30],
    ];
    for (let i = 0; i < 50; i++) for (const r of requests) for (const side of [before, after]) side.record(...r);
    const text = await after.registry.metrics();
    expect(text).toBe(await before.registry.metrics());
    expect(text).toContain('openstack_broker_http_requests_total{method="GET",route="/v2/catalog",status="200"} 150');
    expect(await after.registry.getMetricsAsJSON()).toEqual(await before.registry.getMetricsAsJSON());
  });
});
