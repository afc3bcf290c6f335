import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../state/memory-store.js";
import { createRecords, type OperationRecord } from "../state/records.js";
import { keys } from "../state/keys.js";
import type { StateStore } from "../state/state-store.js";
import { createSilentLogger } from "../logging/logger.js";
import { readLock } from "../state/locks.js";
import type { JobHandler } from "./job.js";
import { createWorker } from "./worker.js";

/** A memory store that lists every call (`method key`) in order. */
function recordingStore(): { store: StateStore; calls: string[] } {
  const inner = createMemoryStore();
  const calls: string[] = [];
  const store: StateStore = {
    description: "recording",
    get: (key) => (calls.push(`get ${key}`), inner.get(key)),
    put: (key, body) => (calls.push(`put ${key}`), inner.put(key, body)),
    create: (key, body) => (calls.push(`create ${key}`), inner.create(key, body)),
    delete: (key) => (calls.push(`delete ${key}`), inner.delete(key)),
    list: (prefix) => (calls.push(`list ${prefix}`), inner.list(prefix)),
  };
  return { store, calls };
}

const op: OperationRecord = {
  id: "provision-1",
  type: "provision",
  instanceId: "i-1",
  state: "in progress",
  description: "provision queued",
  createdAt: "2030-01-01T00:00:00.000Z",
  updatedAt: "2030-01-01T00:00:00.000Z",
  attempts: 0,
};

describe("Worker.submit (a new operation)", () => {
  it("writes the lease with one plain put before the records, keeps the operation from the resume scan meanwhile, and never reads a log that cannot exist", async () => {
    const { store, calls } = recordingStore();
    const records = createRecords(store);
    const handler: JobHandler = { run: async () => "done", failed: async () => undefined };
    const jobs = { provision: handler, update: handler, deprovision: handler, bind: handler, unbind: handler };
    const worker = createWorker({ records, jobs, logger: createSilentLogger(), brokerId: "b-1" });
    const lease = keys.operationLease("i-1", op.id);
    let hadIt = false;
    await worker.submit(op, async () => {
      hadIt = worker.has(op.id);
      // MUST: the lease exists, owned by this broker, before the operation record is written.
      expect((await readLock(store, lease))?.owner).toBe("b-1");
      await records.putOperation(op);
    });
    expect(hadIt).toBe(true);
    const final = await worker.completion(op.id);
    expect(final.state).toBe("succeeded");
    await until(async () => (await store.get(lease)) === undefined);
    const beforeRecord = calls.slice(0, calls.indexOf(`put ${keys.operation("i-1", op.id)}`));
    // One write for the lease (the get is this test's own check), no create-only write (no settle wait, no check on Swift).
    expect(beforeRecord).toEqual([`put ${lease}`, `get ${lease}`]);
    expect(calls.filter((c) => c.startsWith("create "))).toEqual([]);
    expect(calls).not.toContain(`get ${keys.operationLog("i-1", op.id)}`);
    expect(calls).toContain(`put ${keys.operationLog("i-1", op.id)}`);
  });

  it("a failed persist releases the lease and rethrows; nothing is queued", async () => {
    const { store } = recordingStore();
    const records = createRecords(store);
    const handler: JobHandler = { run: async () => "done", failed: async () => undefined };
    const jobs = { provision: handler, update: handler, deprovision: handler, bind: handler, unbind: handler };
    const worker = createWorker({ records, jobs, logger: createSilentLogger(), brokerId: "b-1" });
    await expect(
      worker.submit(op, async () => {
        throw new Error("store refused the record");
      }),
    ).rejects.toThrow("store refused the record");
    expect(worker.has(op.id)).toBe(false);
    expect(worker.pending).toBe(0);
    expect(await store.list("instances/")).toEqual([]);
  });
});

async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}
