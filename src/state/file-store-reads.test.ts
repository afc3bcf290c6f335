import { createHook } from "node:async_hooks";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createFileStore } from "./file-store.js";

describe("file store reads", () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it("a get opens no FileHandle (every GET instance reads drift.json: the handle was half its CPU)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "file-store-reads-"));
    dirs.push(dir);
    const store = await createFileStore({ dir });
    await store.put("instances/i1/drift.json", new TextEncoder().encode('{"status":"in_sync"}'));
    let handles = 0;
    const hook = createHook({ init: (_id, type) => void (type === "FILEHANDLE" && handles++) }).enable();
    try {
      const found = await store.get("instances/i1/drift.json");
      const missing = await store.get("instances/i2/drift.json");
      expect(new TextDecoder().decode(found)).toBe('{"status":"in_sync"}');
      expect(found).toBeInstanceOf(Uint8Array);
      expect(missing).toBeUndefined();
    } finally {
      hook.disable();
    }
    expect(handles).toBe(0);
  });
});
