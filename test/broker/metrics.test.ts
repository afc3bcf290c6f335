import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CREDENTIALS,
  instancePath,
  provisionBody,
  startTestBroker,
  type TestBroker,
} from "../helpers/broker-fixture.js";

/** issue 13 item 2: GET /metrics answers with every family during a few concurrent provisions. */
let t: TestBroker;
beforeAll(async () => {
  t = await startTestBroker();
});
afterAll(() => t?.close());

const auth = `Basic ${Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString("base64")}`;

async function scrape(): Promise<string> {
  const res = await fetch(`${t.broker.url}/metrics`, { headers: { Authorization: auth } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The value of one sample (`name{labels}` exactly as exposed, labels in declaration order), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("GET /metrics during a provision storm", () => {
  it("needs credentials (the broker's, without METRICS_USERNAME/METRICS_PASSWORD)", async () => {
    expect((await fetch(`${t.broker.url}/metrics`)).status).toBe(401);
  });

  it("counts operations, durations, the queue, terraform failures, the store and HTTP routes", async () => {
    const ids = ["storm-1", "storm-2", "storm-3"];
    const puts = await Promise.all([
      ...ids.map((id) => t.client.put(instancePath(id), provisionBody({ message: id, sleep_seconds: 3 }))),
      t.client.put(instancePath("storm-fail"), provisionBody({ fail_on: "apply" })),
    ]);
    expect(puts.map((r) => r.status)).toEqual([202, 202, 202, 202]);

    // While they run: the running gauge shows them (no timing assumed: wait until it does).
    let during = await scrape();
    while ((sample(during, "openstack_broker_operations_running") ?? 0) === 0) during = await scrape();
    expect(sample(during, "openstack_broker_operations_running")).toBeGreaterThan(0);
    expect(sample(during, "openstack_broker_operations_queued")).toBe(0);

    for (const id of [...ids, "storm-fail"]) await t.waitForInstance(id);
    let after = await scrape();
    // The outcome is recorded before the worker frees the slot: wait for the gauge to settle.
    while (sample(after, "openstack_broker_operations_running") !== 0) after = await scrape();

    expect(sample(after, 'openstack_broker_operations_total{type="provision",outcome="succeeded"}')).toBe(3);
    expect(sample(after, 'openstack_broker_operations_total{type="provision",outcome="failed"}')).toBe(1);
    expect(
      sample(after, 'openstack_broker_operation_duration_seconds_count{type="provision",outcome="succeeded"}'),
    ).toBe(3);
    expect(
      sample(after, 'openstack_broker_operation_duration_seconds_bucket{le="1",type="provision",outcome="succeeded"}'),
    ).toBe(0); // each slept 3 s
    expect(sample(after, 'openstack_broker_terraform_failures_total{command="apply",reason="failed"}')).toBe(1);
    expect(sample(after, "openstack_broker_lease_takeovers_total")).toBe(0);
    expect(sample(after, 'openstack_broker_state_store_request_duration_seconds_count{method="put"}')).toBeGreaterThan(
      0,
    );
    expect(
      sample(after, 'openstack_broker_state_store_request_duration_seconds_count{method="create"}'),
    ).toBeGreaterThan(0);
    expect(after).toContain("# TYPE openstack_broker_state_store_errors_total counter");
    expect(
      sample(
        after,
        'openstack_broker_http_requests_total{method="PUT",route="/v2/service_instances/:instance_id",status="202"}',
      ),
    ).toBe(4);
    expect(
      sample(
        after,
        'openstack_broker_http_requests_total{method="GET",route="/v2/service_instances/:instance_id/last_operation",status="200"}',
      ),
    ).toBeGreaterThan(0);
    // terraform's own state backend requests, by pattern too; never an instance id as a label.
    expect(after).toMatch(/route="\/tfstate\/instances\/:instanceId"/);
    expect(after).not.toMatch(/storm-1/);
    expect(sample(after, 'openstack_broker_http_requests_total{method="GET",route="/metrics",status="401"}')).toBe(1);
  });
});
