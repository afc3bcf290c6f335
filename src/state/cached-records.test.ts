import { describe, expect, it } from "vitest";
import { createCachedRecords } from "./cached-records.js";
import { createMemoryStore } from "./memory-store.js";
import { createRecords, type BindingRecord, type InstanceRecord, type OperationRecord } from "./records.js";
import type { StateStore } from "./state-store.js";

const op = (state: OperationRecord["state"], description = ""): OperationRecord => ({
  id: "op1",
  type: "provision",
  instanceId: "i1",
  state,
  description,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  attempts: 1,
});

const instance = (label: string): InstanceRecord => ({
  id: "i1",
  serviceId: "s",
  planId: "p",
  parameters: { label },
  values: {},
  status: "ready",
  outputs: {},
  secrets: {},
  lastOperationId: "op1",
  createdAt: "2026-01-01T00:00:00.000Z",
});

const binding = (status: BindingRecord["status"]): BindingRecord => ({
  id: "b1",
  instanceId: "i1",
  serviceId: "s",
  planId: "p",
  parameters: {},
  values: {},
  status,
  credentials: status === "ready" ? { password: "x" } : {},
  secrets: {},
  lastOperationId: "bind-1",
  createdAt: "2026-01-01T00:00:00.000Z",
});

/** A memory store that counts reads and can be told to fail or hold writes. */
function countingStore() {
  const inner = createMemoryStore();
  const counts = { get: 0 };
  let failPuts = false;
  let hold: Promise<void> | undefined;
  const store: StateStore = {
    ...inner,
    async get(key) {
      counts.get++;
      return inner.get(key);
    },
    async put(key, body) {
      if (hold !== undefined) await hold;
      if (failPuts) throw new Error("store down");
      return inner.put(key, body);
    },
  };
  return {
    store,
    counts,
    failPuts: (v: boolean) => void (failPuts = v),
    holdPuts: (p: Promise<void> | undefined) => void (hold = p),
  };
}

describe("cached records (instances and finished operations from memory, written through)", () => {
  it("an instance and a finished operation are read once (a missing instance too); a write is seen at once", async () => {
    const s = countingStore();
    const records = createCachedRecords(createRecords(s.store));
    await records.putInstance(instance("a"));
    await records.putOperation(op("succeeded"));
    for (let i = 0; i < 5; i++) {
      expect((await records.getInstance("i1"))?.parameters).toEqual({ label: "a" });
      expect((await records.getOperation("i1", "op1"))?.state).toBe("succeeded");
    }
    expect(s.counts.get).toBe(0);
    await records.putInstance(instance("b"));
    expect((await records.getInstance("i1"))?.parameters).toEqual({ label: "b" });
    expect(s.counts.get).toBe(0);
    // Written before this process started: read once, then kept.
    const fresh = createCachedRecords(createRecords(s.store));
    for (let i = 0; i < 3; i++) expect((await fresh.getOperation("i1", "op1"))?.state).toBe("succeeded");
    for (let i = 0; i < 3; i++) expect(await fresh.getInstance("nope")).toBeUndefined();
    expect(s.counts.get).toBe(2);
  });

  it("an operation in progress, a missing operation and bindings are read from the store every time", async () => {
    const s = countingStore();
    const records = createCachedRecords(createRecords(s.store));
    // Another process (an operator command's unbind) writes the same store.
    const other = createRecords(s.store);
    await records.putOperation(op("in progress"));
    await records.putBinding(binding("ready"));
    expect((await records.getOperation("i1", "op1"))?.state).toBe("in progress");
    expect((await records.getBinding("i1", "b1"))?.status).toBe("ready");
    expect(await records.getOperation("i1", "later")).toBeUndefined();
    await other.putOperation(op("succeeded"));
    await other.putBinding({ ...binding("ready"), deleted: true, credentials: {} });
    await other.putOperation({ ...op("succeeded"), id: "later" });
    expect((await records.getOperation("i1", "op1"))?.state).toBe("succeeded");
    expect(await records.getBinding("i1", "b1")).toMatchObject({ deleted: true, credentials: {} });
    expect((await records.getOperation("i1", "later"))?.state).toBe("succeeded");
  });

  it("a failed write is not cached: the next read asks the store", async () => {
    const s = countingStore();
    const records = createCachedRecords(createRecords(s.store));
    await records.putInstance(instance("a"));
    s.failPuts(true);
    await expect(records.putInstance(instance("b"))).rejects.toThrow("store down");
    expect((await records.getInstance("i1"))?.parameters).toEqual({ label: "a" });
    expect(s.counts.get).toBe(1);
  });

  it("overlapping writes of one record are not cached (the store decides which stays); reads meanwhile go to the store", async () => {
    const s = countingStore();
    const records = createCachedRecords(createRecords(s.store));
    let release!: () => void;
    s.holdPuts(new Promise<void>((r) => (release = r)));
    const first = records.putInstance(instance("first"));
    s.holdPuts(undefined);
    await records.putInstance(instance("second"));
    const reads = s.counts.get;
    expect((await records.getInstance("i1"))?.parameters).toEqual({ label: "second" }); // first still in flight
    expect((await records.getInstance("i1"))?.parameters).toEqual({ label: "second" });
    expect(s.counts.get).toBe(reads + 2);
    release();
    await first;
    // The store now holds "first" (it was written last); the cache MUST not claim "second".
    expect((await records.getInstance("i1"))?.parameters).toEqual({ label: "first" });
    expect((await records.getInstance("i1"))?.parameters).toEqual({ label: "first" });
    expect(s.counts.get).toBe(reads + 3);
  });

  it("a cached record is frozen: one reader cannot change what the next one reads", async () => {
    const records = createCachedRecords(createRecords(createMemoryStore()));
    await records.putOperation(op("failed", "boom"));
    const read = (await records.getOperation("i1", "op1")) as { description: string };
    expect(() => {
      read.description = "changed";
    }).toThrow(TypeError);
    expect((await records.getOperation("i1", "op1"))?.description).toBe("boom");
  });

  it("keeps at most maxEntries records; a deleted operation is forgotten", async () => {
    const s = countingStore();
    const records = createCachedRecords(createRecords(s.store), { maxEntries: 2 });
    for (const id of ["a", "b", "c"]) await records.putOperation({ ...op("succeeded"), id });
    await records.getOperation("i1", "c");
    await records.getOperation("i1", "b");
    expect(s.counts.get).toBe(0);
    await records.getOperation("i1", "a");
    expect(s.counts.get).toBe(1);
    expect(await records.deleteOperation("i1", "b")).toBe(true);
    expect(await records.getOperation("i1", "b")).toBeUndefined();
  });
});

describe("the resume scan (listUnfinishedOperations)", () => {
  it("reads each finished operation once: later scans read only the ones in progress", async () => {
    const { store, counts } = countingStore();
    const plain = createRecords(store);
    const finished = Array.from({ length: 20 }, (_, n) => ({
      ...op("succeeded"),
      id: `op-${n}`,
      instanceId: `i${n}`,
      createdAt: `2026-01-01T00:00:${String(n).padStart(2, "0")}.000Z`,
    }));
    const running = [
      { ...op("in progress"), id: "run-2", instanceId: "i3", createdAt: "2026-01-02T00:00:00.000Z" },
      { ...op("in progress"), id: "run-1", instanceId: "i4", createdAt: "2026-01-01T12:00:00.000Z" },
    ];
    for (const record of [...finished, ...running]) await plain.putOperation(record);
    const cached = createCachedRecords(plain);

    const first = await cached.listUnfinishedOperations();
    expect(first.map((r) => r.id)).toEqual(["run-1", "run-2"]); // oldest first, as the store's own scan
    expect(first).toEqual(await plain.listUnfinishedOperations());
    counts.get = 0;
    const second = await cached.listUnfinishedOperations();
    expect(second.map((r) => r.id)).toEqual(["run-1", "run-2"]);
    expect(counts.get).toBe(2);

    // One finishes (written by another process: straight to the store) and is no longer listed.
    await plain.putOperation({ ...running[0], state: "succeeded" });
    expect((await cached.listUnfinishedOperations()).map((r) => r.id)).toEqual(["run-1"]);
  });
});
