import { describe, expect, it } from "vitest";
import { createCachedDriftRecords } from "./cached-drift-records.js";
import { createDriftRecords, type DriftResult } from "./drift-records.js";
import { createMemoryStore } from "./memory-store.js";
import type { StateStore } from "./state-store.js";

const result = (status: DriftResult["status"]): DriftResult => ({ status, checkedAt: "2026-12-01T00:00:00Z" });

/** A memory store that counts its gets. */
function countingStore(): { store: StateStore; gets: () => number } {
  const store = createMemoryStore();
  let gets = 0;
  return {
    store: { ...store, get: (key: string) => (gets++, store.get(key)) } as StateStore,
    gets: () => gets,
  };
}

describe("cached drift records", () => {
  it("reads an instance's result once per maxAgeMs, a missing one too", async () => {
    const { store, gets } = countingStore();
    let clock = 0;
    const drift = createCachedDriftRecords(createDriftRecords(store), { maxAgeMs: 1000, now: () => clock });
    expect(await drift.get("a")).toBeUndefined();
    expect(await drift.get("a")).toBeUndefined();
    expect(gets()).toBe(1);
    clock = 1000;
    await drift.get("a");
    expect(gets()).toBe(2);
  });

  it("sees its own put at once, and another writer's after maxAgeMs", async () => {
    const { store } = countingStore();
    let clock = 0;
    const drift = createCachedDriftRecords(createDriftRecords(store), { maxAgeMs: 1000, now: () => clock });
    await drift.put("a", result("in_sync"));
    expect((await drift.get("a"))?.status).toBe("in_sync");
    // Another process (`openstack-broker drift`) writes the same store.
    await createDriftRecords(store).put("a", result("drifted"));
    clock = 999;
    expect((await drift.get("a"))?.status).toBe("in_sync");
    clock = 1000;
    expect((await drift.get("a"))?.status).toBe("drifted");
  });

  it("does not remember a failed read", async () => {
    const { store } = countingStore();
    let fail = true;
    const flaky: StateStore = {
      ...store,
      get: (key: string) => (fail ? Promise.reject(new Error("store down")) : store.get(key)),
    } as StateStore;
    await createDriftRecords(store).put("a", result("error"));
    const drift = createCachedDriftRecords(createDriftRecords(flaky), { now: () => 0 });
    await expect(drift.get("a")).rejects.toThrow(/store down/);
    fail = false;
    expect((await drift.get("a"))?.status).toBe("error");
  });
});
