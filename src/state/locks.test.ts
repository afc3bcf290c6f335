import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "./memory-store.js";
import { acquireLock, breakLock, readLock, releaseLock, TAKEOVER_CLAIM_TTL_MS } from "./locks.js";
import { encodeJson } from "./state-store.js";

const KEY = "instances/i/tfstate.lock";
const T0 = Date.parse("2030-01-01T00:00:00Z");
const at = (ms: number) => () => T0 + ms;

describe("locks on a StateStore", () => {
  it("acquire on a free lock wins and stores owner, info and no expiry by default", async () => {
    const store = createMemoryStore();
    expect(await acquireLock(store, KEY, { owner: "run-1", info: { ID: "run-1", Who: "tf" } })).toEqual({
      acquired: true,
    });
    expect(await readLock(store, KEY)).toEqual({ owner: "run-1", info: { ID: "run-1", Who: "tf" } });
  });

  it("a second acquirer is refused and told who holds the lock", async () => {
    const store = createMemoryStore();
    await acquireLock(store, KEY, { owner: "run-1", info: { ID: "run-1", Operation: "OperationTypeApply" } });
    const second = await acquireLock(store, KEY, { owner: "run-2", info: { ID: "run-2" } });
    expect(second).toEqual({
      acquired: false,
      holder: { owner: "run-1", info: { ID: "run-1", Operation: "OperationTypeApply" } },
    });
    // The same owner asking again is refused too: a lock is not re-entrant.
    expect((await acquireLock(store, KEY, { owner: "run-1" })).acquired).toBe(false);
  });

  it("10 concurrent acquirers of a free lock: exactly one wins, the others see it as holder", async () => {
    const store = createMemoryStore();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => acquireLock(store, KEY, { owner: `run-${i}` })),
    );
    const winners = results.flatMap((r, i) => (r.acquired ? [`run-${i}`] : []));
    expect(winners).toHaveLength(1);
    for (const r of results) if (!r.acquired) expect(r.holder?.owner).toBe(winners[0]);
  });

  it("only the owner releases; release of a free lock is false", async () => {
    const store = createMemoryStore();
    await acquireLock(store, KEY, { owner: "run-1" });
    expect(await releaseLock(store, KEY, "run-2")).toBe(false);
    expect((await readLock(store, KEY))?.owner).toBe("run-1");
    expect(await releaseLock(store, KEY, "run-1")).toBe(true);
    expect(await readLock(store, KEY)).toBeUndefined();
    expect(await releaseLock(store, KEY, "run-1")).toBe(false);
    expect(await acquireLock(store, KEY, { owner: "run-2" })).toEqual({ acquired: true });
  });

  it("an expiring lock is kept until its expiry, then taken over (injected clock)", async () => {
    const store = createMemoryStore();
    await acquireLock(store, KEY, { owner: "run-1", ttlMs: 1_000, now: at(0) });
    expect((await readLock(store, KEY))?.expiresAt).toBe(new Date(T0 + 1_000).toISOString());
    const early = await acquireLock(store, KEY, { owner: "run-2", ttlMs: 1_000, now: at(999) });
    expect(early).toMatchObject({ acquired: false, holder: { owner: "run-1" } });
    const late = await acquireLock(store, KEY, { owner: "run-2", ttlMs: 1_000, now: at(1_001) });
    expect(late).toEqual({ acquired: true, takenOver: true });
    expect(await readLock(store, KEY)).toMatchObject({ owner: "run-2", expiresAt: new Date(T0 + 2_001).toISOString() });
    // The old owner can no longer release it; the take-over left no claim objects.
    expect(await releaseLock(store, KEY, "run-1")).toBe(false);
    expect(await store.list("instances/i/")).toEqual([KEY]);
  });

  it("a lock without expiry is never taken over, however late", async () => {
    const store = createMemoryStore();
    await acquireLock(store, KEY, { owner: "run-1", now: at(0) });
    const much = await acquireLock(store, KEY, { owner: "run-2", now: at(365 * 24 * 3600_000) });
    expect(much).toMatchObject({ acquired: false, holder: { owner: "run-1" } });
  });

  it("10 concurrent take-overs of one expired lock: exactly one wins", async () => {
    const store = createMemoryStore();
    await acquireLock(store, KEY, { owner: "dead", ttlMs: 10, now: at(0) });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        acquireLock(store, KEY, { owner: `run-${i}`, ttlMs: 60_000, now: at(1_000) }),
      ),
    );
    const winners = results.flatMap((r, i) => (r.acquired ? [`run-${i}`] : []));
    expect(winners).toHaveLength(1);
    expect((await readLock(store, KEY))?.owner).toBe(winners[0]);
    expect(await store.list("instances/i/")).toEqual([KEY]);
  });

  it("a take-over claim left by a dead taker is skipped once it expires; a live one blocks", async () => {
    const store = createMemoryStore();
    await acquireLock(store, KEY, { owner: "dead", ttlMs: 10, now: at(0) });
    const stale = new TextDecoder().decode(await store.get(KEY));
    const tag = createHash("sha256").update(stale).digest("hex").slice(0, 16);
    const claim1 = `${KEY}.takeover-${tag}-1`;
    await store.put(
      claim1,
      encodeJson({
        owner: "dead-taker",
        expiresAt: new Date(T0 + 1_000 + TAKEOVER_CLAIM_TTL_MS).toISOString(),
        info: {},
      }),
    );
    // The claim is alive: someone else is taking over.
    expect(await acquireLock(store, KEY, { owner: "run-2", now: at(1_000) })).toMatchObject({
      acquired: false,
      holder: { owner: "dead" },
    });
    // Its claimant died: after the claim's own expiry the next generation is claimed and wins.
    const later = at(2_000 + TAKEOVER_CLAIM_TTL_MS);
    expect(await acquireLock(store, KEY, { owner: "run-2", now: later })).toEqual({ acquired: true, takenOver: true });
    expect((await readLock(store, KEY))?.owner).toBe("run-2");
    expect(await store.list("instances/i/")).toEqual([KEY]);
  });

  it("breakLock removes a lock whoever holds it; then anyone may acquire", async () => {
    const store = createMemoryStore();
    await acquireLock(store, KEY, { owner: "dead-run", info: { ID: "x" } });
    expect(await breakLock(store, KEY)).toBe(true);
    expect(await readLock(store, KEY)).toBeUndefined();
    expect(await breakLock(store, KEY)).toBe(false);
    expect(await acquireLock(store, KEY, { owner: "resumed-run" })).toEqual({ acquired: true });
  });

  it("locks at different keys are independent (an instance's and a binding's state)", async () => {
    const store = createMemoryStore();
    expect((await acquireLock(store, KEY, { owner: "a" })).acquired).toBe(true);
    expect((await acquireLock(store, "instances/i/bindings/b/tfstate.lock", { owner: "b" })).acquired).toBe(true);
  });
});
