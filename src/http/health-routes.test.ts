import { Hono, type MiddlewareHandler } from "hono";
import { describe, expect, it } from "vitest";
import { noMetrics, type BrokerMetrics } from "../domain/metrics.js";
import { createDrainCheck, type DrainGuardOptions } from "./drain-guard.js";
import { createHealthRoutes } from "./health-routes.js";
import { requestMetrics, UNMATCHED_ROUTE } from "./request-metrics.js";

/** The drain check as a middleware of its own (how it ran before it joined the metrics layer). */
function drainGuard(options: DrainGuardOptions): MiddlewareHandler {
  const check = createDrainCheck(options);
  return async (c, next) => check(c) ?? next();
}

const creds = { username: "metrics", password: "s3cret" };
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;

function app(ready: () => Promise<boolean>) {
  return createHealthRoutes({
    ready,
    metrics: { render: async () => "# TYPE x counter\nx 1\n", contentType: "text/plain; version=0.0.4; charset=utf-8" },
    metricsCredentials: creds,
  });
}

describe("GET /healthz, /readyz, /metrics", () => {
  it("/healthz answers {status: ok} without credentials", async () => {
    const res = await app(async () => false).request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("/readyz says ok or 503 unavailable, never why (a failing check throws: unavailable too)", async () => {
    expect(await (await app(async () => true).request("/readyz")).json()).toEqual({ status: "ok" });
    const notReady = await app(async () => false).request("/readyz");
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: "unavailable" });
    const throwing = await app(async () => {
      throw new Error("swift at https://internal:8080 refused");
    }).request("/readyz");
    expect(throwing.status).toBe(503);
    expect(await throwing.text()).toBe('{"status":"unavailable"}');
  });

  it("/metrics needs its credentials and answers the Prometheus text", async () => {
    const h = app(async () => true);
    expect((await h.request("/metrics")).status).toBe(401);
    expect((await h.request("/metrics", { headers: { Authorization: basic("metrics", "wrong") } })).status).toBe(401);
    const res = await h.request("/metrics", { headers: { Authorization: basic("metrics", "s3cret") } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toContain("x 1");
  });
});

describe("the drain guard", () => {
  let draining = false;
  const guarded = new Hono();
  guarded.use(drainGuard({ draining: () => draining, retryAfterSeconds: 30 }));
  guarded.on(["GET", "PUT", "PATCH", "DELETE"], "/v2/*", (c) => c.json({ ok: true }));
  guarded.post("/tfstate/instances/:id", (c) => c.json({ ok: true }));
  guarded.post("/x-preview/service_instances/:id", (c) => c.json({ ok: true }));

  it("refuses new PUT/PATCH/DELETE and previews with 503 + Retry-After while draining; reads and the state backend answer", async () => {
    draining = false;
    expect((await guarded.request("/v2/service_instances/a", { method: "PUT" })).status).toBe(200);
    draining = true;
    for (const [method, path] of [
      ["PUT", "/v2/service_instances/a"],
      ["PATCH", "/v2/service_instances/a"],
      ["DELETE", "/v2/service_instances/a"],
      ["POST", "/x-preview/service_instances/a"],
    ]) {
      const res = await guarded.request(path, { method });
      expect(res.status, `${method} ${path}`).toBe(503);
      expect(res.headers.get("Retry-After")).toBe("30");
      expect(await res.json()).toEqual({ description: "the broker is shutting down; retry the request later" });
    }
    expect((await guarded.request("/v2/service_instances/a/last_operation")).status).toBe(200);
    expect((await guarded.request("/tfstate/instances/a", { method: "POST" })).status).toBe(200);
  });
});

describe("the request metrics", () => {
  it("label a request with its route pattern, never the raw path; unmatched requests share one label", async () => {
    const seen: [string, string, number][] = [];
    const metrics: BrokerMetrics = { ...noMetrics, httpRequest: (m, r, s) => void seen.push([m, r, s]) };
    const a = new Hono();
    a.use(requestMetrics(metrics));
    const sub = new Hono();
    sub.use("/v2/*", async (_c, next) => next());
    sub.put("/v2/service_instances/:instance_id", (c) => c.json({}, 201));
    a.route("/", sub);
    await a.request("/v2/service_instances/db-1", { method: "PUT" });
    await a.request("/v2/service_instances/db-2", { method: "PUT" });
    await a.request("/v2/secret-looking/path-123");
    expect(seen).toEqual([
      ["PUT", "/v2/service_instances/:instance_id", 201],
      ["PUT", "/v2/service_instances/:instance_id", 201],
      ["GET", UNMATCHED_ROUTE, 404],
    ]);
  });
});
