import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../state/memory-store.js";
import { createRecords, type OperationRecord } from "../state/records.js";
import { ASYNC, createBrokerUnit } from "../../test/helpers/broker-unit.js";
import { DB_SERVICE, SMALL } from "../../test/helpers/broker-unit-catalog.js";
import { createOperationTimes } from "./operation-times.js";
import { timedRecords } from "./timed-records.js";

describe("operation times: Retry-After from the plan's recent durations", () => {
  it("nothing known: the default; then the whole seconds of the expected remaining time, never more", () => {
    const times = createOperationTimes();
    expect(times.retryAfterSeconds("p", "provision", 0)).toBe(1);
    for (const ms of [8000, 10_000, 9000]) times.record("p", "provision", ms);
    expect(times.expectedMs("p", "provision")).toBe(9000);
    expect(times.retryAfterSeconds("p", "provision", 0)).toBe(9);
    expect(times.retryAfterSeconds("p", "provision", 2500)).toBe(6);
    expect(times.retryAfterSeconds("p", "provision", 8100)).toBe(0); // 0.9 s left: not 1
    expect(times.retryAfterSeconds("p", "provision", 9500)).toBe(1); // late: ask again soon
  });

  it("0 for operations expected to finish within a second, also once they are late", () => {
    const times = createOperationTimes();
    for (const ms of [400, 600, 500, 450]) times.record("p", "bind", ms);
    expect(times.expectedMs("p", "bind")).toBe(475);
    expect(times.retryAfterSeconds("p", "bind", 0)).toBe(0);
    expect(times.retryAfterSeconds("p", "bind", 3000)).toBe(0);
  });

  it("per plan and type; only the most recent durations count", () => {
    const times = createOperationTimes({ keep: 3, unknownSeconds: 2 });
    for (const ms of [60_000, 60_000, 60_000, 3000, 3000, 3000]) times.record("p", "provision", ms);
    expect(times.retryAfterSeconds("p", "provision", 0)).toBe(3);
    expect(times.retryAfterSeconds("p", "deprovision", 0)).toBe(2);
    expect(times.retryAfterSeconds("q", "provision", 0)).toBe(2);
    times.record("p", "provision", Number.NaN);
    times.record("p", "provision", -5);
    expect(times.expectedMs("p", "provision")).toBe(3000);
  });

  it("the outcome over an in-progress record this object wrote is counted without reading the store; one it did not write is read first", async () => {
    const times = createOperationTimes();
    const store = createMemoryStore();
    const gets: string[] = [];
    const get = store.get.bind(store);
    store.get = (key) => (gets.push(key), get(key));
    const plain = createRecords(store);
    const records = timedRecords(plain, times);
    const created = "2026-01-01T00:00:00.000Z";
    const op = (id: string): OperationRecord => ({
      id,
      type: "provision",
      instanceId: "i1",
      state: "in progress",
      description: "",
      createdAt: created,
      updatedAt: created,
      attempts: 1,
    });
    await plain.putInstance({
      id: "i1",
      serviceId: "s",
      planId: "plan-a",
      parameters: {},
      values: {},
      status: "provisioning",
      outputs: {},
      secrets: {},
      lastOperationId: "op1",
      createdAt: created,
    });
    await records.putOperation(op("op1"));
    await records.putOperation({ ...op("op1"), state: "succeeded", updatedAt: "2026-01-01T00:00:02.000Z" });
    expect(gets.filter((key) => key.includes("/operations/"))).toEqual([]);
    expect(times.expectedMs("plan-a", "provision")).toBe(2000);
    // Written in progress by another object (a process before a restart): read, then counted.
    await plain.putOperation(op("op2"));
    await records.putOperation({ ...op("op2"), state: "succeeded", updatedAt: "2026-01-01T00:00:04.000Z" });
    expect(gets.filter((key) => key.includes("/operations/"))).toEqual(["instances/i1/operations/op2.json"]);
    expect(times.expectedMs("plan-a", "provision")).toBe(3000);
  });

  it("an outcome written over an in-progress record is counted once, under the instance's plan", async () => {
    const times = createOperationTimes();
    const records = timedRecords(createRecords(createMemoryStore()), times);
    const created = "2026-01-01T00:00:00.000Z";
    const op: OperationRecord = {
      id: "op1",
      type: "provision",
      instanceId: "i1",
      state: "in progress",
      description: "",
      createdAt: created,
      updatedAt: created,
      attempts: 1,
    };
    await records.putInstance({
      id: "i1",
      serviceId: "s",
      planId: "plan-a",
      parameters: {},
      values: {},
      status: "provisioning",
      outputs: {},
      secrets: {},
      lastOperationId: "op1",
      createdAt: created,
    });
    await records.putOperation(op);
    expect(times.expectedMs("plan-a", "provision")).toBeUndefined();
    await records.putOperation({ ...op, state: "succeeded", updatedAt: "2026-01-01T00:00:04.000Z" });
    expect(times.expectedMs("plan-a", "provision")).toBe(4000);
    // The same outcome written again (a retried write) is not a second duration.
    await records.putOperation({ ...op, state: "succeeded", updatedAt: "2026-01-01T00:00:30.000Z" });
    expect(times.expectedMs("plan-a", "provision")).toBe(4000);
  });

  it("last_operation answers the estimate for the operation's plan", async () => {
    let now = 0;
    const times = createOperationTimes({ now: () => now });
    const t = createBrokerUnit({ operationTimes: times });
    for (const ms of [30_000, 30_000]) times.record(SMALL, "provision", ms);
    const { operation } = await t.broker.provision("i1", { service_id: DB_SERVICE, plan_id: SMALL }, ASYNC);
    const op = await t.records.getOperation("i1", operation!);
    now = Date.parse(op!.createdAt) + 10_000;
    expect(await t.broker.lastOperation("i1", { operation }, ASYNC)).toMatchObject({
      state: "in progress",
      retryAfterSeconds: 20,
    });
    now += 19_500;
    expect((await t.broker.lastOperation("i1", {}, ASYNC)).retryAfterSeconds).toBe(0);
  });
});
