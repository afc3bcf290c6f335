import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ensureProviderBundle } from "./bundle.js";

// Regression: two builds started in the same millisecond by one process shared a temporary folder,
// and the one that lost the rename wrote into a folder the winner had just moved (ENOENT).
it("builds one bundle when several builds of one process start at once", async () => {
  const cacheDir = await mkdtemp(join(tmpdir(), "os-sim-bundle-"));
  try {
    const dirs = await Promise.all([1, 2, 3].map(() => ensureProviderBundle({ cacheDir })));
    expect(new Set(dirs).size).toBe(1);
    expect((await readdir(cacheDir)).filter((name) => name.includes(".tmp-"))).toEqual([]);
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}, 60_000);
