import { describe, expect, it } from "vitest";
import { createCachedRecords } from "./cached-records.js";
import { createMemoryStore } from "./memory-store.js";
import { createRecords, type OperationRecord } from "./records.js";
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

describe("cached records (one active broker: reads from memory, writes through)", () => {
  it("reads the store once per record; a write is seen at once without reading", async () => {
    const s = countingStore();
    const records = createCachedRecords(createRecords(s.store));
    await records.putOperation(op("in progress"));
    for (let i = 0; i < 5; i++) expect((await records.getOperation("i1", "op1"))?.state).toBe("in progress");
    expect(s.counts.get).toBe(0);
    await records.putOperation(op("succeeded"));
    expect((await records.getOperation("i1", "op1"))?.state).toBe("succeeded");
    expect(s.counts.get).toBe(0);
    // A record written before this process started is read once, then kept (a miss too).
    const fresh = createCachedRecords(createRecords(s.store));
    for (let i = 0; i < 3; i++) expect((await fresh.getOperation("i1", "op1"))?.state).toBe("succeeded");
    for (let i = 0; i < 3; i++) expect(await fresh.getInstance("nope")).toBeUndefined();
    expect(s.counts.get).toBe(2);
  });

  it("a failed write is not cached: the next read asks the store", async () => {
    const s = countingStore();
    const records = createCachedRecords(createRecords(s.store));
    await records.putOperation(op("in progress"));
    s.failPuts(true);
    await expect(records.putOperation(op("succeeded"))).rejects.toThrow("store down");
    expect((await records.getOperation("i1", "op1"))?.state).toBe("in progress");
    expect(s.counts.get).toBe(1);
  });

  it("overlapping writes of one record are not cached (the store decides which stays); reads meanwhile go to the store", async () => {
    const s = countingStore();
    const records = createCachedRecords(createRecords(s.store));
    let release!: () => void;
    s.holdPuts(new Promise<void>((r) => (release = r)));
    const first = records.putOperation(op("in progress", "first"));
    s.holdPuts(undefined);
    await records.putOperation(op("in progress", "second"));
    const reads = s.counts.get;
    expect((await records.getOperation("i1", "op1"))?.description).toBe("second"); // first still in flight
    expect((await records.getOperation("i1", "op1"))?.description).toBe("second");
    expect(s.counts.get).toBe(reads + 2);
    release();
    await first;
    // The store now holds "first" (it was written last); the cache MUST not claim "second".
    expect((await records.getOperation("i1", "op1"))?.description).toBe("first");
    expect((await records.getOperation("i1", "op1"))?.description).toBe("first");
    expect(s.counts.get).toBe(reads + 3);
  });

  it("a cached record is frozen: one reader cannot change what the next one reads", async () => {
    const records = createCachedRecords(createRecords(createMemoryStore()));
    await records.putOperation(op("in progress"));
    const read = (await records.getOperation("i1", "op1")) as { description: string };
    expect(() => {
      read.description = "changed";
    }).toThrow(TypeError);
    expect((await records.getOperation("i1", "op1"))?.description).toBe("");
  });

  it("keeps at most maxEntries records", async () => {
    const s = countingStore();
    const records = createCachedRecords(createRecords(s.store), { maxEntries: 2 });
    for (const id of ["a", "b", "c"]) await records.putOperation({ ...op("in progress"), id });
    await records.getOperation("i1", "c");
    await records.getOperation("i1", "b");
    expect(s.counts.get).toBe(0);
    await records.getOperation("i1", "a");
    expect(s.counts.get).toBe(1);
  });
});
