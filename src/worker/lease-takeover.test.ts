import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../state/memory-store.js";
import { encodeJson } from "../state/state-store.js";
import { takeLease } from "./lease.js";

const key = "instances/i/operations/op.lease";

describe("lease takeovers are reported (openstack_broker_lease_takeovers_total)", () => {
  it("a fresh lease is no takeover; an expired lease of another broker and one of an earlier process are", async () => {
    const store = createMemoryStore();
    let takeovers = 0;
    const onTakeover = () => void takeovers++;
    const fresh = await takeLease({ store, key, owner: "a", ttlMs: 60_000, onTakeover });
    await fresh!.release();
    expect(takeovers).toBe(0);

    await store.put(
      key,
      encodeJson({ owner: "dead", expiresAt: new Date(Date.now() - 1_000).toISOString(), info: {} }),
    );
    const expired = await takeLease({ store, key, owner: "a", ttlMs: 60_000, onTakeover });
    expect(expired).toBeDefined();
    await expired!.release();
    expect(takeovers).toBe(1);

    await store.put(key, encodeJson({ owner: "a", expiresAt: new Date(Date.now() + 60_000).toISOString(), info: {} }));
    const ours = await takeLease({ store, key, owner: "a", ttlMs: 60_000, onTakeover });
    await ours!.release();
    expect(takeovers).toBe(2);

    await store.put(
      key,
      encodeJson({ owner: "live", expiresAt: new Date(Date.now() + 60_000).toISOString(), info: {} }),
    );
    expect(await takeLease({ store, key, owner: "a", ttlMs: 60_000, onTakeover })).toBeUndefined();
    expect(takeovers).toBe(2);
  });
});
