import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createFileStore } from "./file-store.js";
import { createMemoryStore } from "./memory-store.js";
import { isLockKey, keys } from "./keys.js";
import { describeStateStoreContract } from "../../test/helpers/state-store-contract.js";

const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), "file-store-"));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (body: Uint8Array | undefined) => (body === undefined ? undefined : new TextDecoder().decode(body));

/** Every file under `dir`, relative, including the ones `list` hides. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describeStateStoreContract("file store", async () => createFileStore({ dir: await tempDir() }));
describeStateStoreContract("memory store", () => createMemoryStore());

describe("file store specifics", () => {
  it("two store objects on the same directory see each other's writes, creates and deletes", async () => {
    const dir = await tempDir();
    const a = await createFileStore({ dir });
    const b = await createFileStore({ dir });
    await a.put("instances/x/record.json", bytes("from a"));
    expect(text(await b.get("instances/x/record.json"))).toBe("from a");
    expect(await b.create("instances/x/tfstate.lock", bytes("b holds it"))).toBe(true);
    expect(await a.create("instances/x/tfstate.lock", bytes("a wants it"))).toBe(false);
    expect(await a.list("instances/x/")).toEqual(["instances/x/record.json", "instances/x/tfstate.lock"]);
    expect(await a.delete("instances/x/tfstate.lock")).toBe(true);
    expect(await b.get("instances/x/tfstate.lock")).toBeUndefined();
  });

  it("concurrent creates from two store objects on one directory: exactly one wins", async () => {
    const dir = await tempDir();
    const stores = [await createFileStore({ dir }), await createFileStore({ dir })];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => stores[i % 2].create("lock", bytes(String(i)))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("leaves no temp files on disk (list hides them, so look at the directory itself)", async () => {
    const dir = await tempDir();
    const store = await createFileStore({ dir });
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.put("instances/i/tfstate", bytes(`v${i}`))));
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.create("instances/i/tfstate.lock", bytes(`l${i}`))));
    expect(await filesUnder(dir)).toEqual(["instances/i/tfstate", "instances/i/tfstate.lock"]);
  });

  it("writes are atomic: a reader sees the old or the new bytes, never a mix", async () => {
    const store = await createFileStore({ dir: await tempDir() });
    const big = (c: string) => bytes(c.repeat(128 * 1024));
    await store.put("k", big("a"));
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 10; i++) await store.put("k", big(i % 2 === 0 ? "b" : "a"));
      writing = false;
    })();
    const seen = new Set<string>();
    while (writing) {
      const body = text(await store.get("k"))!;
      expect(body.length).toBe(128 * 1024);
      seen.add(new Set(body).size === 1 ? body[0] : "mixed");
    }
    await writer;
    expect(seen.has("mixed")).toBe(false);
  });

  it("creates its directory and files only the owner can read", async () => {
    const dir = join(await tempDir(), "nested", "state");
    const store = await createFileStore({ dir });
    expect(store.description).toBe(`file:${dir}`);
    await store.put("secret", bytes("s"));
    const { stat } = await import("node:fs/promises");
    expect((await stat(join(dir, "secret"))).mode & 0o077).toBe(0);
  });

  it("lock objects (written without fsync) are the state locks, leases and take-over claims, nothing else", async () => {
    const ref = { instanceId: "i.lock", bindingId: "b" };
    for (const key of [
      keys.tfstateLock({ instanceId: "i" }),
      keys.tfstateLock(ref),
      keys.operationLease("i", "provision-1"),
      `${keys.operationLease("i", "p")}.takeover-0123456789abcdef-2`,
    ])
      expect(isLockKey(key), key).toBe(true);
    for (const key of [
      keys.instance("i.lock"),
      keys.binding("i", "b.lease"),
      keys.tfstate(ref),
      keys.operation("i", "x.lock-1"),
      keys.operationLog("i", "p"),
    ])
      expect(isLockKey(key), key).toBe(false);
    // Still whole-or-nothing and create-only.
    const store = await createFileStore({ dir: await tempDir() });
    expect(await store.create("instances/i/tfstate.lock", bytes("a"))).toBe(true);
    expect(await store.create("instances/i/tfstate.lock", bytes("b"))).toBe(false);
    expect(text(await store.get("instances/i/tfstate.lock"))).toBe("a");
  });
});
