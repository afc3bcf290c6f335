import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StateStore } from "../../src/state/state-store.js";

/** Options of {@link describeStateStoreContract}. */
export interface StateStoreContractOptions {
  /** Called once after the suite with the store it created (remove a temp dir, a container). */
  readonly cleanup?: (store: StateStore) => Promise<void>;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (body: Uint8Array | undefined) => (body === undefined ? undefined : new TextDecoder().decode(body));

/**
 * The behaviour every StateStore MUST have, as a vitest suite: call it from a `*.test.ts` file with a
 * factory for the store under test. Each test works under its own random key prefix, so the suite can
 * run against a shared store (a Swift container) without interference and without listing its whole
 * content. The memory store is the reference: a store passes when it behaves like it.
 *
 * @example describeStateStoreContract("file store", () => createFileStore({ dir }));
 */
export function describeStateStoreContract(
  name: string,
  createStore: () => StateStore | Promise<StateStore>,
  options: StateStoreContractOptions = {},
): void {
  describe(`StateStore contract: ${name}`, () => {
    let store: StateStore;
    /** A fresh prefix for one test, e.g. `contract-1a2b3c4d/`. */
    const fresh = () => `contract-${randomBytes(4).toString("hex")}/`;

    beforeAll(async () => {
      store = await createStore();
    });
    afterAll(async () => {
      if (store !== undefined) await options.cleanup?.(store);
    });

    it("has a description", () => {
      expect(store.description).toEqual(expect.any(String));
      expect(store.description.length).toBeGreaterThan(0);
    });

    it("get of a missing key is undefined", async () => {
      const base = fresh();
      expect(await store.get(`${base}missing`)).toBeUndefined();
      expect(await store.get(`${base}deeper/missing/key.json`)).toBeUndefined();
    });

    it("a key that is only a prefix of other keys reads as missing", async () => {
      const base = fresh();
      await store.put(`${base}dir/object`, bytes("x"));
      expect(await store.get(`${base}dir`)).toBeUndefined();
      expect(await store.delete(`${base}dir`)).toBe(false);
      expect(text(await store.get(`${base}dir/object`))).toBe("x");
    });

    it("put then get round-trips binary bytes exactly", async () => {
      const base = fresh();
      const all = new Uint8Array(256).map((_, i) => i);
      const random = new Uint8Array(randomBytes(64 * 1024));
      await store.put(`${base}all-bytes`, all);
      await store.put(`${base}random`, random);
      await store.put(`${base}empty`, new Uint8Array(0));
      expect(Buffer.from((await store.get(`${base}all-bytes`))!).equals(Buffer.from(all))).toBe(true);
      expect(Buffer.from((await store.get(`${base}random`))!).equals(Buffer.from(random))).toBe(true);
      const empty = await store.get(`${base}empty`);
      expect(empty).toBeDefined();
      expect(empty!.length).toBe(0);
    });

    it("put replaces the previous object entirely (a shorter body leaves no tail)", async () => {
      const base = fresh();
      await store.put(`${base}k`, bytes("a much longer first version"));
      await store.put(`${base}k`, bytes("short"));
      expect(text(await store.get(`${base}k`))).toBe("short");
    });

    it("create writes only when nothing exists and leaves the original otherwise", async () => {
      const base = fresh();
      expect(await store.create(`${base}lock`, bytes("first"))).toBe(true);
      expect(await store.create(`${base}lock`, bytes("second"))).toBe(false);
      expect(text(await store.get(`${base}lock`))).toBe("first");
      await store.put(`${base}plain`, bytes("put"));
      expect(await store.create(`${base}plain`, bytes("create"))).toBe(false);
      expect(text(await store.get(`${base}plain`))).toBe("put");
    });

    it("20 concurrent creates of one key: exactly one wins and its body is stored", async () => {
      const base = fresh();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.create(`${base}contended`, bytes(`writer-${i}`))),
      );
      const winners = results.flatMap((won, i) => (won ? [i] : []));
      expect(winners).toHaveLength(1);
      expect(text(await store.get(`${base}contended`))).toBe(`writer-${winners[0]}`);
    });

    it("delete is idempotent: true when something was deleted, then false", async () => {
      const base = fresh();
      await store.put(`${base}k`, bytes("v"));
      expect(await store.delete(`${base}k`)).toBe(true);
      expect(await store.get(`${base}k`)).toBeUndefined();
      expect(await store.delete(`${base}k`)).toBe(false);
      expect(await store.delete(`${base}never-existed`)).toBe(false);
      // Deleted keys can be created again.
      expect(await store.create(`${base}k`, bytes("again"))).toBe(true);
      expect(text(await store.get(`${base}k`))).toBe("again");
    });

    it("list returns the keys under a prefix, sorted, without crossing into sibling prefixes", async () => {
      const base = fresh();
      const written = [
        `instances/ab/record.json`,
        `instances/a/tfstate`,
        `instances/a/bindings/b1/record.json`,
        `instances/a.json`,
        `instances/a/record.json`,
        `other/x`,
      ];
      for (const key of written) await store.put(base + key, bytes(key));
      const strip = (list: string[]) => list.map((key) => key.slice(base.length));
      expect(strip(await store.list(`${base}instances/a/`))).toEqual([
        "instances/a/bindings/b1/record.json",
        "instances/a/record.json",
        "instances/a/tfstate",
      ]);
      // A prefix is a plain string prefix (object-store semantics), not a directory.
      expect(strip(await store.list(`${base}instances/a`))).toEqual([
        "instances/a.json",
        "instances/a/bindings/b1/record.json",
        "instances/a/record.json",
        "instances/a/tfstate",
        "instances/ab/record.json",
      ]);
      expect(strip(await store.list(`${base}instances/ab/`))).toEqual(["instances/ab/record.json"]);
      expect(strip(await store.list(`${base}inst`))).toHaveLength(5);
      expect(strip(await store.list(base))).toEqual([...written].sort());
      expect(await store.list(`${base}nothing/`)).toEqual([]);
      expect(await store.list(`${base}instances/a/tfstate/`)).toEqual([]);
      await store.delete(`${base}instances/a/tfstate`);
      expect(strip(await store.list(`${base}instances/a/`))).not.toContain("instances/a/tfstate");
    });

    it("leaves no temporary objects behind after puts and creates", async () => {
      const base = fresh();
      await store.put(`${base}a`, bytes("1"));
      await store.put(`${base}a`, bytes("2"));
      await store.create(`${base}b`, bytes("3"));
      await store.create(`${base}b`, bytes("4"));
      await Promise.all(Array.from({ length: 5 }, (_, i) => store.put(`${base}c`, bytes(String(i)))));
      expect(await store.list(base)).toEqual([`${base}a`, `${base}b`, `${base}c`]);
    });

    it("refuses keys that could escape the store: `..` and `.` segments, absolute, empty segments", async () => {
      const base = fresh();
      const bad = [
        "../escape",
        `${base}../../escape`,
        `${base}a/../b`,
        `${base}./x`,
        "/absolute",
        `${base}a//b`,
        `${base}trailing/`,
        "",
        "..",
        `${base}back\\slash`,
      ];
      for (const key of bad) {
        await expect(store.get(key), `get ${key}`).rejects.toThrow();
        await expect(store.put(key, bytes("x")), `put ${key}`).rejects.toThrow();
        await expect(store.create(key, bytes("x")), `create ${key}`).rejects.toThrow();
        await expect(store.delete(key), `delete ${key}`).rejects.toThrow();
      }
      // Dots inside a segment are fine: OSB ids such as `a..b` are valid.
      await store.put(`${base}instances/a..b/record.json`, bytes("dots"));
      expect(text(await store.get(`${base}instances/a..b/record.json`))).toBe("dots");
      expect(await store.list(`${base}instances/a..b/`)).toEqual([`${base}instances/a..b/record.json`]);
    });
  });
}
