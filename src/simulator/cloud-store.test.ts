import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createCloudStore } from "./cloud-store.js";
import { DEFAULT_CONFIG } from "./config.js";
import { createSimulatedCloud } from "./simulated-cloud.js";

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), "os-sim-store-"));
  dirs.push(dir);
  return dir;
}

describe("the simulated cloud's store", () => {
  it("serializes locked sections across independent store instances (as across processes)", async () => {
    const dir = await tempDir();
    const a = createCloudStore({ dir });
    const b = createCloudStore({ dir });
    const values = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).withLock(() => (i % 2 ? a : b).nextCounter("ip:10.0.0.0/24")),
      ),
    );
    expect([...values].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await readdir(dir)).not.toContain(".lock");
  });

  it("releases the lock when the locked section throws, and breaks a stale lock", async () => {
    const dir = await tempDir();
    const store = createCloudStore({ dir, staleLockMs: 50 });
    await expect(
      store.withLock(async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await store.withLock(async () => "ok")).toBe("ok");
    await mkdir(join(dir, ".lock")); // left behind by a crashed process
    expect(await store.withLock(async () => "recovered")).toBe("recovered");
  });

  it("stores, lists, gets and deletes resources with any id", async () => {
    const store = createCloudStore({ dir: await tempDir() });
    await store.put({
      type: "openstack_objectstorage_object_v1",
      id: "bucket/a b.txt",
      state: { id: "bucket/a b.txt" },
      createdAt: "t",
    });
    await store.put({ type: "openstack_networking_network_v2", id: "n1", state: { id: "n1" }, createdAt: "t" });
    expect((await store.list()).map((r) => r.id).sort()).toEqual(["bucket/a b.txt", "n1"]);
    expect(await store.get("openstack_objectstorage_object_v1", "bucket/a b.txt")).toMatchObject({
      state: { id: "bucket/a b.txt" },
    });
    expect(await store.delete("openstack_networking_network_v2", "n1")).toBe(true);
    expect(await store.delete("openstack_networking_network_v2", "n1")).toBe(false);
    expect(await store.list("openstack_networking_network_v2")).toEqual([]);
  });

  it("layers runtime settings over the base configuration, visible to every handle on the same dir", async () => {
    const stateDir = await tempDir();
    const base = { ...DEFAULT_CONFIG, failures: [{ resourceType: "x", operation: "create" as const }] };
    const one = createSimulatedCloud({ stateDir, baseConfig: base });
    const two = createSimulatedCloud({ stateDir, baseConfig: base });
    await one.setQuotas({ cores: 4 });
    await one.setLatency(30, "openstack_db_instance_v1");
    await one.injectFailure({ resourceType: "y", operation: "delete" });
    const seen = await two.config();
    expect(seen.quotas).toMatchObject({ cores: 4, instances: 10 });
    expect(seen.latencyMs.byType).toEqual({ openstack_db_instance_v1: 30 });
    expect(seen.failures.map((f) => f.resourceType)).toEqual(["x", "y"]);
    await two.clearFailures();
    expect((await one.config()).failures.map((f) => f.resourceType)).toEqual(["x"]);
  });
});
