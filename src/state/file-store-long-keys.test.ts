import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createFileStore } from "./file-store.js";
import { keys } from "./keys.js";
import { acquireLock, releaseLock } from "./locks.js";

/**
 * Issue 12 item 1, the file store's side: the longest keys keys.ts makes (every id 200 characters)
 * give file names the file system accepts, temp files and lock objects included. Each id is one
 * segment, so a name is at most 200 + ".lease" + ".<pid>-<12 hex>.tmp" = 231 bytes (a pid of at most 7 digits) (< 255): the store's
 * keys stay as they are, nothing to migrate.
 */
let dir: string;
afterAll(() => rm(dir, { recursive: true, force: true }));

const id = (c: string) => c.repeat(200);

describe("file store with 200-character ids", () => {
  it("writes, creates, lists, locks and deletes every key kind", async () => {
    dir = await mkdtemp(join(tmpdir(), "file-store-long-"));
    const store = await createFileStore({ dir });
    const [instanceId, bindingId, operationId] = [id("i"), id("b"), id("o")];
    const all = [
      keys.instance(instanceId),
      keys.binding(instanceId, bindingId),
      keys.operation(instanceId, operationId),
      keys.operationLog(instanceId, operationId),
      keys.tfstate({ instanceId }),
      keys.tfstate({ instanceId, bindingId }),
    ];
    for (const key of all) await store.put(key, new TextEncoder().encode(key));
    expect(await store.create(keys.tfstateLock({ instanceId, bindingId }), new Uint8Array([1]))).toBe(true);
    const lease = keys.operationLease(instanceId, operationId);
    expect(await acquireLock(store, lease, { owner: "run-1", ttlMs: 60_000 })).toEqual({ acquired: true });

    expect(await store.list(keys.instancePrefix(instanceId))).toEqual(
      [...all, keys.tfstateLock({ instanceId, bindingId }), lease].sort(),
    );
    for (const key of all) expect(new TextDecoder().decode(await store.get(key))).toBe(key);
    await releaseLock(store, lease, "run-1");
    for (const key of all) expect(await store.delete(key)).toBe(true);
  });
});
