import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, expect, it } from "vitest";
import { createKeyring } from "../crypto/keyring.js";
import { acquireLock, readLock, releaseLock } from "../locks.js";
import type { StateStore } from "../state-store.js";
import { createSwiftStore, type SwiftStore } from "./create-swift-store.js";
import { describeOpenstack, devCloud } from "../../../test/helpers/openstack-test-env.js";

const keyring = createKeyring([{ id: "k1", key: new Uint8Array(randomBytes(32)) }]);
let store: SwiftStore | undefined;
async function swift(): Promise<SwiftStore> {
  store ??= await createSwiftStore({
    cloud: devCloud("demo"),
    container: `osb-test-locks-${randomUUID().slice(0, 8)}`,
    encryption: { keyring },
  });
  return store;
}
afterAll(async () => {
  await store?.raw.removeContainer().catch(() => undefined);
});

const T0 = Date.parse("2026-01-01T00:00:00Z");
const at = (ms: number) => () => T0 + ms;

/** A store whose `put` fails: a process that dies in the middle of a take-over. */
function dyingOnPut(inner: StateStore): StateStore {
  return {
    ...inner,
    get: (k) => inner.get(k),
    create: (k, b) => inner.create(k, b),
    delete: (k) => inner.delete(k),
    list: (p) => inner.list(p),
    put: async () => Promise.reject(new Error("killed")),
  };
}

describeOpenstack("locks on real Swift (create-only writes, no compare-and-swap)", () => {
  it("contention: of five concurrent runs exactly one takes the lock; the others see it", async () => {
    const s = await swift();
    const key = `instances/${randomUUID()}/tfstate.lock`;
    const owners = ["r1", "r2", "r3", "r4", "r5"];
    const results = await Promise.all(owners.map((owner) => acquireLock(s, key, { owner, ttlMs: 60_000 })));
    const winners = owners.filter((_, i) => results[i].acquired);
    expect(winners).toHaveLength(1);
    for (const result of results) if (!result.acquired) expect(result.holder?.owner).toBe(winners[0]);
    expect(await releaseLock(s, key, "not-the-owner")).toBe(false);
    expect(await releaseLock(s, key, winners[0])).toBe(true);
    expect((await acquireLock(s, key, { owner: "next" })).acquired).toBe(true);
  });

  it("a stale lock is taken over only after its expiry", async () => {
    const s = await swift();
    const key = `instances/${randomUUID()}/tfstate.lock`;
    expect((await acquireLock(s, key, { owner: "old", ttlMs: 10_000, now: at(0) })).acquired).toBe(true);
    const early = await acquireLock(s, key, { owner: "new", ttlMs: 10_000, now: at(9_999) });
    expect(early).toEqual({ acquired: false, holder: expect.objectContaining({ owner: "old" }) });
    expect((await acquireLock(s, key, { owner: "new", ttlMs: 10_000, now: at(10_001) })).acquired).toBe(true);
    expect((await readLock(s, key))?.owner).toBe("new");
    expect(await releaseLock(s, key, "old")).toBe(false);
    expect((await readLock(s, key))?.owner).toBe("new");
    expect(await s.list(key)).toEqual([key]);
  });

  it("five runs racing to take over one expired lock: exactly one wins", async () => {
    const s = await swift();
    for (let round = 0; round < 3; round++) {
      const key = `instances/${randomUUID()}/tfstate.lock`;
      await acquireLock(s, key, { owner: "dead", ttlMs: 1_000, now: at(0) });
      const owners = ["a", "b", "c", "d", "e"];
      const results = await Promise.all(
        owners.map((owner) => acquireLock(s, key, { owner, ttlMs: 60_000, now: at(5_000) })),
      );
      const winners = owners.filter((_, i) => results[i].acquired);
      expect(winners).toHaveLength(1);
      expect((await readLock(s, key))?.owner).toBe(winners[0]);
    }
  });

  it("a run that dies while taking over blocks others only until its claim expires", async () => {
    const s = await swift();
    const key = `instances/${randomUUID()}/tfstate.lock`;
    await acquireLock(s, key, { owner: "dead", ttlMs: 1_000, now: at(0) });
    await expect(acquireLock(dyingOnPut(s), key, { owner: "dies", ttlMs: 60_000, now: at(5_000) })).rejects.toThrow(
      "killed",
    );
    expect((await acquireLock(s, key, { owner: "too-soon", ttlMs: 60_000, now: at(6_000) })).acquired).toBe(false);
    expect((await acquireLock(s, key, { owner: "later", ttlMs: 60_000, now: at(5_000 + 31_000) })).acquired).toBe(true);
    expect((await readLock(s, key))?.owner).toBe("later");
    expect(await s.list(key)).toEqual([key]);
  });
});
