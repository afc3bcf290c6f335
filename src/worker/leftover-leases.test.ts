import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../state/memory-store.js";
import { createRecords } from "../state/records.js";
import { keys } from "../state/keys.js";
import { encodeJson } from "../state/state-store.js";
import { removeFinishedLeases } from "./leftover-leases.js";

const lease = (owner: string, expiresAt: string) => encodeJson({ owner, expiresAt, info: { broker: owner } });

describe("leases without their operation record (a new operation being written, or its broker died in between)", () => {
  it("a live one is kept; an expired one goes; at start-up this broker's own goes at once", async () => {
    const records = createRecords(createMemoryStore());
    const now = Date.parse("2030-01-01T00:00:00Z");
    await records.store.put(keys.operationLease("i-1", "op-live"), lease("other", "2030-01-01T00:00:30Z"));
    await records.store.put(keys.operationLease("i-1", "op-expired"), lease("other", "2029-12-31T23:59:00Z"));
    await records.store.put(keys.operationLease("i-1", "op-mine"), lease("me", "2030-01-01T00:00:30Z"));
    // During serving (a deprovision): only the expired one.
    expect(await removeFinishedLeases(records, "i-1", { now: () => now })).toEqual([
      keys.operationLease("i-1", "op-expired"),
    ]);
    // At start-up, with this broker's id: its own too; another broker's live one stays.
    expect(await removeFinishedLeases(records, undefined, { now: () => now, ownBrokerId: "me" })).toEqual([
      keys.operationLease("i-1", "op-mine"),
    ]);
    expect(await records.store.list("instances/")).toEqual([keys.operationLease("i-1", "op-live")]);
  });
});
