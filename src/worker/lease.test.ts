import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../state/memory-store.js";
import { encodeJson } from "../state/state-store.js";
import { readLock } from "../state/locks.js";
import { takeLease } from "./lease.js";

const key = "instances/i/operations/op.lease";

describe("operation leases", () => {
  it("one broker holds a lease; another cannot take it until it expires", async () => {
    const store = createMemoryStore();
    const a = await takeLease({ store, key, owner: "a", ttlMs: 60_000 });
    expect(a).toBeDefined();
    expect(await takeLease({ store, key, owner: "b", ttlMs: 60_000 })).toBeUndefined();
    expect((await readLock(store, key))?.owner).toBe("a");
    await a!.release();
    expect(await readLock(store, key)).toBeUndefined();
  });

  it("a lease left by an earlier process with the same broker id is taken back at once", async () => {
    const store = createMemoryStore();
    await store.put(key, encodeJson({ owner: "a", expiresAt: new Date(Date.now() + 60_000).toISOString(), info: {} }));
    const again = await takeLease({ store, key, owner: "a", ttlMs: 60_000 });
    expect(again).toBeDefined();
    await again!.release();
  });

  it("renewal keeps the lease alive past its ttl", async () => {
    const store = createMemoryStore();
    const a = await takeLease({ store, key, owner: "a", ttlMs: 150 });
    await new Promise((r) => setTimeout(r, 400));
    expect(await takeLease({ store, key, owner: "b", ttlMs: 150 })).toBeUndefined();
    await a!.release();
  });

  it("a holder whose lease was taken over is told to stop, and its release leaves the new holder's lease", async () => {
    const store = createMemoryStore();
    const a = await takeLease({ store, key, owner: "a", ttlMs: 150 });
    let lost = false;
    a!.onLost(() => (lost = true));
    // Another broker takes over (as after an expiry while a was partitioned away).
    await store.put(key, encodeJson({ owner: "b", expiresAt: new Date(Date.now() + 60_000).toISOString(), info: {} }));
    await new Promise((r) => setTimeout(r, 200));
    expect(lost).toBe(true);
    await a!.release();
    expect((await readLock(store, key))?.owner).toBe("b");
  });
});
