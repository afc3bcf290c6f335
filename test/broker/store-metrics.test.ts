import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDriftRecords } from "../../src/state/drift-records.js";
import type { BindingRecord, InstanceRecord } from "../../src/state/records.js";
import { CREDENTIALS, PLAN_ID, SERVICE_ID, startTestBroker, type TestBroker } from "../helpers/broker-fixture.js";

/**
 * The store-wide gauges on a real broker's /metrics: expired bindings not unbound and drift results
 * by status, read from the store once and then from a cache (never a store walk per scrape).
 */
let t: TestBroker;
beforeAll(async () => {
  t = await startTestBroker();
});
afterAll(() => t?.close());

const auth = `Basic ${Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString("base64")}`;
async function scrape(): Promise<string> {
  const res = await fetch(`${t.broker.url}/metrics`, { headers: { Authorization: auth } });
  expect(res.status).toBe(200);
  return res.text();
}
const sample = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

const instance = (id: string, deleted = false): InstanceRecord => ({
  id,
  serviceId: SERVICE_ID,
  planId: PLAN_ID,
  parameters: {},
  values: {},
  status: "ready",
  outputs: {},
  secrets: {},
  lastOperationId: "op",
  createdAt: "2026-01-01T00:00:00Z",
  ...(deleted ? { deleted: true } : {}),
});
const binding = (instanceId: string, id: string, expiresAt?: string, deleted = false): BindingRecord => ({
  id,
  instanceId,
  serviceId: SERVICE_ID,
  planId: PLAN_ID,
  parameters: {},
  values: {},
  status: "ready",
  credentials: {},
  secrets: {},
  lastOperationId: "op",
  createdAt: "2026-01-01T00:00:00Z",
  ...(expiresAt ? { expiresAt } : {}),
  ...(deleted ? { deleted: true } : {}),
});

describe("GET /metrics: expired bindings and drift", () => {
  it("exports both families from the store, and a second scrape reads the cache, not the store", async () => {
    const { records } = t.broker;
    const drift = createDriftRecords(records.store);
    for (const id of ["a", "b", "c", "d", "e"]) await records.putInstance(instance(id));
    await records.putInstance(instance("gone", true));
    await records.putBinding(binding("a", "expired-1", "2020-01-01T00:00:00Z"));
    await records.putBinding(binding("a", "expired-2", "2021-01-01T00:00:00Z"));
    await records.putBinding(binding("a", "unbound", "2020-01-01T00:00:00Z", true));
    await records.putBinding(binding("b", "later", "2999-01-01T00:00:00Z"));
    await records.putBinding(binding("b", "never"));
    const checked = (status: "in_sync" | "drifted" | "error") => ({ status, checkedAt: "2026-01-01T00:00:00Z" });
    await drift.put("a", checked("in_sync"));
    await drift.put("b", checked("drifted"));
    await drift.put("c", checked("drifted"));
    await drift.put("d", checked("error"));
    await drift.put("gone", checked("drifted")); // deleted: not counted

    const first = await scrape();
    expect(first).toContain("# TYPE openstack_broker_expired_bindings gauge");
    expect(first).toContain("# TYPE openstack_broker_instances_drift gauge");
    expect(sample(first, "openstack_broker_expired_bindings")).toBe(2);
    expect(sample(first, 'openstack_broker_instances_drift{status="in_sync"}')).toBe(1);
    expect(sample(first, 'openstack_broker_instances_drift{status="drifted"}')).toBe(2);
    expect(sample(first, 'openstack_broker_instances_drift{status="error"}')).toBe(1);
    expect(sample(first, 'openstack_broker_instances_drift{status="unchecked"}')).toBe(1);

    // Within the minute: the store changes, the gauges do not (the store was not walked again).
    await records.putBinding(binding("c", "expired-3", "2020-06-01T00:00:00Z"));
    await drift.put("e", checked("error"));
    const second = await scrape();
    expect(sample(second, "openstack_broker_expired_bindings")).toBe(2);
    expect(sample(second, 'openstack_broker_instances_drift{status="error"}')).toBe(1);
  });
});
