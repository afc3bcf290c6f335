import { afterAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileStore } from "./file-store.js";
import { IN_FLIGHT, removeLeftoverTemps } from "./file-store-temps.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), "file-store-temps-"));
  dirs.push(dir);
  return dir;
};
/** The pid of a process that has exited. */
const deadPid = () => spawnSync("true").pid!;
const HEX = "0123456789ab";

describe("the file store's leftover temp files", () => {
  it("a sweep removes those of dead writers and of this pid's earlier process, keeps a live writer's and one in flight", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "instances/a"), { recursive: true });
    const live = spawn("sleep", ["60"], { stdio: "ignore" });
    const at = (name: string) => join(dir, "instances/a", name);
    const files = {
      dead: at(`tfstate.${deadPid()}-${HEX}.tmp`),
      ours: at(`record.json.${process.pid}-${HEX}.tmp`),
      oldFormat: at(`tfstate.lock.${HEX}.tmp`),
      youngOldFormat: at(`record.json.ba9876543210.tmp`),
      live: at(`tfstate.${live.pid}-${HEX}.tmp`),
      inFlight: at(`tfstate.${process.pid}-ffffffffffff.tmp`),
      notATemp: at("notes.tmp"),
    };
    for (const file of Object.values(files)) await writeFile(file, "{}");
    const longAgo = new Date(Date.now() - 120_000);
    await utimes(files.oldFormat, longAgo, longAgo);
    IN_FLIGHT.add(files.inFlight);
    try {
      expect(await removeLeftoverTemps(dir)).toBe(3);
    } finally {
      IN_FLIGHT.delete(files.inFlight);
      live.kill("SIGKILL");
    }
    expect((await readdir(join(dir, "instances/a"))).sort()).toEqual(
      [files.youngOldFormat, files.live, files.inFlight, files.notATemp].map((f) => f.split("/").pop()).sort(),
    );
  });

  it("deleting a key removes its leftover temps (a deprovision purging a state), not other keys'", async () => {
    const dir = await tempDir();
    const store = await createFileStore({ dir });
    await store.put("instances/b/tfstate", new TextEncoder().encode("{}"));
    const leftover = join(dir, `instances/b/tfstate.${deadPid()}-${HEX}.tmp`);
    const other = join(dir, `instances/b/record.json.${deadPid()}-${HEX}.tmp`);
    await writeFile(leftover, "plaintext state");
    await writeFile(other, "{}");
    expect(await store.delete("instances/b/tfstate")).toBe(true);
    expect(await readdir(join(dir, "instances/b"))).toEqual([other.split("/").pop()]);
  });

  it("a write names its temp file after its writer's pid and leaves none behind", async () => {
    const dir = await tempDir();
    const store = await createFileStore({ dir });
    await store.put("instances/c/record.json", new TextEncoder().encode("{}"));
    expect(await store.create("instances/c/tfstate.lock", new TextEncoder().encode("{}"))).toBe(true);
    expect((await readdir(join(dir, "instances/c"))).sort()).toEqual(["record.json", "tfstate.lock"]);
    expect(IN_FLIGHT.size).toBe(0);
  });
});

describe("a write that fails after its temp file was opened", () => {
  it("removes the temp file and keeps the object's previous bytes (ENOSPC or EIO; here a body the write refuses)", async () => {
    const dir = await tempDir();
    const store = await createFileStore({ dir });
    await store.put("instances/d/tfstate", new TextEncoder().encode("before"));
    const refused = { length: 3 } as unknown as Uint8Array; // not a buffer: the write throws after open
    await expect(store.put("instances/d/tfstate", refused)).rejects.toThrow();
    await expect(store.create("instances/d/tfstate.lock", refused)).rejects.toThrow();
    expect(await readdir(join(dir, "instances/d"))).toEqual(["tfstate"]);
    expect(new TextDecoder().decode(await store.get("instances/d/tfstate"))).toBe("before");
    expect(IN_FLIGHT.size).toBe(0);
  });
});
