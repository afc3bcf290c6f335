import { afterEach, describe, expect, it, vi } from "vitest";
import { createMemoryStore } from "../state/memory-store.js";
import { createRecords, type InstanceRecord, type OperationRecord } from "../state/records.js";
import { createDriftRecords } from "../state/drift-records.js";
import type { Catalog } from "../catalog/catalog.js";
import type { StackRuns } from "../workspace/stack-runs.js";
import type { WorkspacePlanResult } from "../workspace/workspace-runner.js";
import { createDriftCheck, startPeriodicDriftChecks, type DriftCheck } from "./drift-check.js";
import { createSilentLogger } from "../logging/logger.js";

const PLAN = { id: "p", name: "small", stack: "db", settings: {}, defaults: {}, schemas: {}, credentials: [] };
const catalog = {
  planById: () => PLAN,
  serviceOf: () => ({ id: "s", name: "db" }),
  stackFor: () => ({ instance: () => {} }),
} as unknown as Catalog;

const instance = (id: string, extra: Partial<InstanceRecord> = {}): InstanceRecord => ({
  id,
  serviceId: "s",
  planId: "p",
  parameters: {},
  values: {},
  status: "ready",
  outputs: {},
  secrets: {},
  lastOperationId: `op-${id}`,
  createdAt: "2026-12-01T00:00:00Z",
  ...extra,
});
const op = (id: string, state: OperationRecord["state"]): OperationRecord => ({
  id: `op-${id}`,
  type: "provision",
  instanceId: id,
  state,
  description: "",
  createdAt: "2026-12-01T00:00:00Z",
  updatedAt: "2026-12-01T00:00:00Z",
  attempts: 1,
});

async function setUp(plan: (id: string) => Promise<WorkspacePlanResult>) {
  const store = createMemoryStore();
  const records = createRecords(store);
  const calls: { instanceId: string; refreshOnly?: boolean }[] = [];
  const stacks: Pick<StackRuns, "plan"> = {
    async plan(spec, _cloud, control) {
      calls.push({ instanceId: spec.instanceId, refreshOnly: control.refreshOnly });
      return plan(spec.instanceId);
    },
  };
  const drift = createDriftRecords(store);
  const check = createDriftCheck({
    records,
    catalog,
    stacks,
    drift,
    timeoutMs: 1000,
    now: () => new Date("2026-12-01T12:00:00.000Z"),
  });
  return { records, drift, check, calls };
}

const changed = (address: string, action: "update" | "delete", names: string[]) => ({
  address,
  type: address.split(".")[0],
  name: address.split(".")[1],
  mode: "managed" as const,
  action,
  attributes: names.map((name) => ({ name, sensitive: false, unknownAfter: false })),
});

describe("createDriftCheck", () => {
  it("plans refresh-only, stores in_sync / drifted (attribute names only) / error, skips what is not ready", async () => {
    const { records, drift, check, calls } = await setUp(async (id) => {
      if (id === "broken") throw new Error("terraform could not refresh");
      return {
        hasChanges: id === "drifted",
        changes: [],
        outputs: [],
        drift: id === "drifted" ? [changed("x.c", "update", ["container_read"]), changed("x.d", "delete", [])] : [],
      };
    });
    for (const id of ["in-sync", "drifted", "broken"]) {
      await records.putInstance(instance(id));
      await records.putOperation(op(id, "succeeded"));
    }
    await records.putInstance(instance("busy"));
    await records.putOperation(op("busy", "in progress"));
    await records.putInstance(instance("updating", { status: "updating" }));
    await records.putInstance(instance("gone", { deleted: true }));

    const outcomes = await check.checkAll();
    expect(calls.every((c) => c.refreshOnly === true)).toBe(true);
    expect(calls.map((c) => c.instanceId).sort()).toEqual(["broken", "drifted", "in-sync"]);
    const byId = Object.fromEntries(outcomes.map((o) => [o.instanceId, o]));
    expect(byId.busy).toEqual({ instanceId: "busy", skipped: "operation op-busy is in progress" });
    expect(byId.updating).toEqual({ instanceId: "updating", skipped: "the instance is updating" });
    expect(byId.gone).toEqual({ instanceId: "gone", skipped: "no such instance" });
    expect(await drift.get("in-sync")).toEqual({ status: "in_sync", checkedAt: "2026-12-01T12:00:00.000Z" });
    expect(await drift.get("drifted")).toEqual({
      status: "drifted",
      checkedAt: "2026-12-01T12:00:00.000Z",
      resources: [
        { address: "x.c", action: "update", attributes: ["container_read"] },
        { address: "x.d", action: "delete", attributes: [] },
      ],
    });
    expect(await drift.get("broken")).toMatchObject({ status: "error", error: "terraform could not refresh" });
    expect(await drift.get("busy")).toBeUndefined();
    expect(await drift.counts(["in-sync", "drifted", "broken", "busy"])).toEqual({
      in_sync: 1,
      drifted: 1,
      error: 1,
      unchecked: 1,
    });
  });
});

describe("startPeriodicDriftChecks", () => {
  afterEach(() => vi.useRealTimers());

  it("never runs with interval 0; otherwise one round per interval, never two at once, until stopped", async () => {
    vi.useFakeTimers();
    let rounds = 0;
    let release: () => void = () => {};
    const check: DriftCheck = {
      checkInstance: async () => ({ instanceId: "x", skipped: "" }),
      checkAll: () => {
        rounds++;
        return new Promise((resolve) => {
          release = () => resolve([]);
        });
      },
    };
    const off = startPeriodicDriftChecks(check, 0, createSilentLogger());
    await vi.advanceTimersByTimeAsync(10_000);
    expect(rounds).toBe(0);
    off();

    const stop = startPeriodicDriftChecks(check, 1000, createSilentLogger());
    await vi.advanceTimersByTimeAsync(1000);
    expect(rounds).toBe(1);
    await vi.advanceTimersByTimeAsync(3000); // the first round still runs: no second one
    expect(rounds).toBe(1);
    release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(rounds).toBe(2);
    stop();
    release();
    await vi.advanceTimersByTimeAsync(5000);
    expect(rounds).toBe(2);
  });
});
