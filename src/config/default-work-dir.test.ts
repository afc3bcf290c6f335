import { describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { statfsSync } from "node:fs";
import { defaultWorkDir } from "./default-work-dir.js";
import { loadConfig } from "./load-config.js";

const shmIsTmpfs = (() => {
  try {
    return Number(statfsSync("/dev/shm").type) === 0x01021994;
  } catch {
    return false;
  }
})();

describe("the default WORK_DIR", () => {
  it.runIf(shmIsTmpfs)("is in memory, under /dev/shm, per user, when /dev/shm is a writable tmpfs", () => {
    expect(defaultWorkDir()).toBe(`/dev/shm/openstack-broker-work-${process.getuid!()}`);
    expect(loadConfig({}).workDir).toBe(defaultWorkDir());
  });

  it("is $TMPDIR/openstack-broker-work when the memory folder is not a tmpfs, is missing, or is too full", async () => {
    const notTmpfs = await mkdtemp(join(tmpdir(), "not-shm-"));
    try {
      const disk = Number(statfsSync(notTmpfs).type) !== 0x01021994;
      if (disk) expect(defaultWorkDir({ shm: notTmpfs, tmp: "/x" })).toBe("/x/openstack-broker-work");
      expect(defaultWorkDir({ shm: join(notTmpfs, "missing"), tmp: "/x" })).toBe("/x/openstack-broker-work");
      expect(defaultWorkDir({ shm: "/dev/shm", tmp: "/x", minFreeBytes: Number.MAX_SAFE_INTEGER })).toBe(
        "/x/openstack-broker-work",
      );
    } finally {
      await rm(notTmpfs, { recursive: true, force: true });
    }
  });

  it("WORK_DIR wins, relative to the working directory", () => {
    expect(loadConfig({ WORK_DIR: "w" }, [], "/srv/broker").workDir).toBe("/srv/broker/w");
  });
});
