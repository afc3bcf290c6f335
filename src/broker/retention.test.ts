import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ASYNC, createBrokerUnit, refusal } from "../../test/helpers/broker-unit.js";
import { DB_SERVICE, SMALL } from "../../test/helpers/broker-unit-catalog.js";
import { createCachedRecords } from "../state/cached-records.js";
import { createFileStore } from "../state/file-store.js";
import { keys } from "../state/keys.js";
import { createRecords } from "../state/records.js";
import { createKeyedMutex } from "./keyed-mutex.js";
import { sweepDeletedInstances } from "./retention.js";

const ids = { service_id: DB_SERVICE, plan_id: SMALL };
const DAY = 86_400_000;

/** A whole lifecycle on the broker unit, with the logs and leases the worker would leave; returns its deprovision. */
async function deletedInstance() {
  const t = createBrokerUnit();
  const ops: string[] = [];
  const run = async (started: Promise<{ operation?: string }>) => {
    const id = (await started).operation!;
    ops.push(id);
    await t.store.put(keys.operationLog("i1", id), new TextEncoder().encode('{"@message":"x"}\n'));
    await t.store.put(keys.operationLease("i1", id), new TextEncoder().encode("{}"));
    return t.finish(id);
  };
  await run(t.broker.provision("i1", { ...ids, parameters: { label: "secret-ish" } }, ASYNC));
  await run(t.broker.bind("i1", "b1", ids, ASYNC));
  await run(t.broker.unbind("i1", "b1", ids, ASYNC));
  const gone = await run(t.broker.deprovision("i1", ids, ASYNC));
  return { t, gone, ops };
}

describe("retention: deleted instances become small tombstones", () => {
  it("nothing before the retention period; after it, two objects and the OSB answers of a deleted instance", async () => {
    const { t, gone, ops } = await deletedInstance();
    const before = [...t.store.objects.keys()].filter((key) => key.startsWith("instances/i1/"));
    // A lifecycle's records, operations, logs and states (finished leases are removed with the deprovision).
    expect(before.length).toBeGreaterThanOrEqual(10);
    const deletedAt = Date.parse(gone.updatedAt);

    expect(await t.broker.sweepDeleted({ retentionMs: 7 * DAY, now: deletedAt + 7 * DAY - 1 })).toEqual({
      instances: 0,
      objects: 0,
    });
    const report = await t.broker.sweepDeleted({ retentionMs: 7 * DAY, now: deletedAt + 7 * DAY });
    expect(report).toEqual({ instances: 1, objects: before.length - 2 });
    expect([...t.store.objects.keys()].filter((key) => key.startsWith("instances/i1/")).sort()).toEqual(
      [keys.operation("i1", gone.id), keys.instance("i1")].sort(),
    );
    const tombstone = await t.records.getInstance("i1");
    expect(tombstone).toMatchObject({ deleted: true, parameters: {}, values: {}, lastOperationId: gone.id });
    // A second sweep finds nothing to do.
    expect(await t.broker.sweepDeleted({ retentionMs: 7 * DAY, now: deletedAt + 30 * DAY })).toEqual({
      instances: 0,
      objects: 0,
    });

    // OSB: 410 for the deletion's polls (latest and named), 410 for DELETE, 404 for GET; older ids 400.
    expect(await t.broker.lastOperation("i1", {}, ASYNC)).toMatchObject({ state: "succeeded", gone: true });
    expect(await t.broker.lastOperation("i1", { operation: gone.id }, ASYNC)).toMatchObject({ gone: true });
    expect((await refusal(t.broker.lastOperation("i1", { operation: ops[0] }, ASYNC))).status).toBe(400);
    expect((await refusal(t.broker.deprovision("i1", ids, ASYNC))).status).toBe(410);
    expect((await refusal(t.broker.getInstance("i1", {}, ASYNC))).status).toBe(404);
    expect((await refusal(t.broker.getBinding("i1", "b1", {}, ASYNC))).status).toBe(404);
    // The id may be provisioned anew.
    const again = await t.broker.provision("i1", ids, ASYNC);
    expect(await t.broker.lastOperation("i1", { operation: again.operation }, ASYNC)).toMatchObject({
      state: "in progress",
    });
  });

  it("a live, failed or still-deprovisioning instance is never touched", async () => {
    const t = createBrokerUnit();
    const live = await t.broker.provision("live", ids, ASYNC);
    await t.finish(live.operation!);
    const failed = await t.broker.provision("failed", ids, ASYNC);
    await t.finish(failed.operation!, { fail: "boom" });
    await t.broker.provision("going", ids, ASYNC).then((r) => t.finish(r.operation!));
    await t.broker.deprovision("going", ids, ASYNC);
    const count = t.store.objects.size;
    expect(await t.broker.sweepDeleted({ retentionMs: 0, now: Date.now() + 365 * DAY })).toEqual({
      instances: 0,
      objects: 0,
    });
    expect(t.store.objects.size).toBe(count);
  });

  it("a live instance's unbound bindings: their records and logs go, the binding and its unbind stay for 410", async () => {
    const t = createBrokerUnit();
    const note = async (id: string) => {
      await t.store.put(keys.operationLog("i1", id), new TextEncoder().encode("{}\n"));
      await t.store.put(keys.operationLease("i1", id), new TextEncoder().encode("{}"));
      return t.finish(id);
    };
    const provision = await note((await t.broker.provision("i1", ids, ASYNC)).operation!);
    const bind = await note((await t.broker.bind("i1", "b1", ids, ASYNC)).operation!);
    const unbind = await note((await t.broker.unbind("i1", "b1", ids, ASYNC)).operation!);
    const live = await note((await t.broker.bind("i1", "b2", ids, ASYNC)).operation!);
    const before = new Set(t.store.objects.keys());
    const report = await t.broker.sweepDeleted({ retentionMs: DAY, now: Date.parse(unbind.updatedAt) + DAY });
    const gone = [...before].filter((key) => !t.store.objects.has(key)).sort();
    expect(gone).toEqual(
      [
        keys.operation("i1", bind.id),
        keys.operationLog("i1", bind.id),
        keys.operationLease("i1", bind.id),
        keys.operationLog("i1", unbind.id),
        keys.operationLease("i1", unbind.id),
      ].sort(),
    );
    expect(report).toEqual({ instances: 1, objects: gone.length });
    expect(await t.records.getBinding("i1", "b1")).toMatchObject({ deleted: true, parameters: {}, values: {} });
    for (const key of [
      keys.operation("i1", provision.id),
      keys.operation("i1", live.id),
      keys.operation("i1", unbind.id),
    ])
      expect(t.store.objects.has(key)).toBe(true);
    expect(await t.broker.lastBindingOperation("i1", "b1", {}, ASYNC)).toMatchObject({ gone: true });
    expect((await refusal(t.broker.unbind("i1", "b1", ids, ASYNC))).status).toBe(410);
    expect(await t.broker.getBinding("i1", "b2", {}, ASYNC)).toBeDefined();
    // Nothing more to do the next time.
    expect(await t.broker.sweepDeleted({ retentionMs: DAY, now: Date.parse(unbind.updatedAt) + 9 * DAY })).toEqual({
      instances: 0,
      objects: 0,
    });
  });

  it("on the file store: the files of the lifecycle go, two small ones stay", async () => {
    const { t, gone } = await deletedInstance();
    const dir = await mkdtemp(join(tmpdir(), "retention-"));
    try {
      const store = await createFileStore({ dir });
      for (const [key, body] of t.store.objects) await store.put(key, body);
      const files = async () => {
        const out: string[] = [];
        const walk = async (d: string): Promise<void> => {
          for (const e of await readdir(d, { withFileTypes: true }))
            e.isDirectory() ? await walk(join(d, e.name)) : out.push(join(d, e.name));
        };
        await walk(join(dir, "instances/i1"));
        return out;
      };
      expect((await files()).length).toBeGreaterThanOrEqual(10);
      const report = await sweepDeletedInstances(
        { records: createCachedRecords(createRecords(store)), mutex: createKeyedMutex() },
        { retentionMs: DAY, now: Date.parse(gone.updatedAt) + DAY },
      );
      expect(report.instances).toBe(1);
      const left = await files();
      expect(left.map((f) => f.slice(dir.length + 1)).sort()).toEqual(
        [keys.instance("i1"), keys.operation("i1", gone.id)].sort(),
      );
      const bytes = (await Promise.all(left.map((f) => stat(f)))).reduce((sum, s) => sum + s.size, 0);
      expect(bytes).toBeLessThan(2048);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
