import { describe, expect, it } from "vitest";
import { createPrometheusMetrics } from "./prometheus-metrics.js";

describe("the HTTP request metrics", () => {
  it("count each method, route and status apart and time each method and route, however often seen", async () => {
    const metrics = createPrometheusMetrics({ processMetrics: false });
    metrics.httpRequest("GET", "/v2/catalog", 200, 0.001);
    metrics.httpRequest("GET", "/v2/catalog", 200, 0.002);
    metrics.httpRequest("GET", "/v2/catalog", 401, 0.5);
    metrics.httpRequest("PUT", "/v2/catalog", 405, 0.001);
    const text = await metrics.render();
    const sample = (series: string) =>
      Number(new RegExp(`^${series.replace(/[{}()[\].+*?^$|\\]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1]);
    expect(sample('openstack_broker_http_requests_total{method="GET",route="/v2/catalog",status="200"}')).toBe(2);
    expect(sample('openstack_broker_http_requests_total{method="GET",route="/v2/catalog",status="401"}')).toBe(1);
    expect(sample('openstack_broker_http_requests_total{method="PUT",route="/v2/catalog",status="405"}')).toBe(1);
    expect(sample('openstack_broker_http_request_duration_seconds_count{method="GET",route="/v2/catalog"}')).toBe(3);
    expect(sample('openstack_broker_http_request_duration_seconds_sum{method="GET",route="/v2/catalog"}')).toBeCloseTo(
      0.503,
    );
    expect(
      sample('openstack_broker_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/v2/catalog"}'),
    ).toBe(2);
  });
});
