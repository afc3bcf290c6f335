import { afterEach, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { endPreviousTerraform } from "./end-previous-terraform.js";
import { readProcInfo } from "./proc.js";
import { processRecordFile, recordProcess } from "./process-records.js";

const started: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) if (child.pid !== undefined) kill(-child.pid);
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function kill(target: number): void {
  try {
    process.kill(target, "SIGKILL");
  } catch {
    // gone
  }
}

const runs = (pid: number) => {
  const info = readProcInfo(pid);
  return info !== undefined && info.state !== "Z";
};

/** A run directory under a fresh work dir, with a process group leader (sh) and a child in its group. */
async function runWithChild(script: string) {
  const workDir = await mkdtemp(join(tmpdir(), "end-previous-"));
  dirs.push(workDir);
  const run = join(workDir, "inst-instance-0a1b2c3d");
  await mkdir(run);
  const leader = spawn("sh", ["-c", script], { cwd: run, detached: true, stdio: "ignore" });
  started.push(leader);
  await new Promise((r) => leader.once("spawn", r));
  return { workDir, run, leader, pid: leader.pid! };
}

describe("endPreviousTerraform", () => {
  it("ends a recorded process group (the leader and its children, even one ignoring SIGTERM) and waits for them", async () => {
    const { workDir, run, pid, leader } = await runWithChild("trap '' TERM; sleep 300 & wait");
    recordProcess(run, pid);
    // the child of the group leader (a provider)
    let members: number[] = [];
    while (members.length < 2) {
      members = (await readdir("/proc"))
        .filter((n) => /^\d+$/.test(n))
        .map(Number)
        .filter((p) => readProcInfo(p)?.pgrp === pid);
      await new Promise((r) => setTimeout(r, 20));
    }
    leader.unref();
    const report = await endPreviousTerraform({ workDir, graceMs: 300, pollMs: 20 });
    expect(report).toEqual({ ended: [pid], skipped: [] });
    for (const member of members) expect(runs(member), `pid ${member}`).toBe(false);
  });

  it("leaves alone a pid whose start time or command line is not the recorded one (a reused pid)", async () => {
    const { workDir, run, pid } = await runWithChild("sleep 300");
    const info = readProcInfo(pid)!;
    const record = { pid, pgrp: pid, startTime: String(BigInt(info.startTime) - 1n), cmdline: ["terraform", "apply"] };
    await writeFile(processRecordFile(run, pid), JSON.stringify(record));
    expect(await endPreviousTerraform({ workDir, graceMs: 100, pollMs: 20 })).toEqual({ ended: [], skipped: [pid] });
    expect(runs(pid)).toBe(true);
  });

  it("ends the providers left in the group of a terraform that is already gone", async () => {
    const { workDir, run, pid } = await runWithChild("sleep 300 & echo $! ; exit 0");
    recordProcess(run, pid);
    while (runs(pid)) await new Promise((r) => setTimeout(r, 20));
    const orphan = (await readdir("/proc"))
      .filter((n) => /^\d+$/.test(n))
      .map(Number)
      .find((p) => readProcInfo(p)?.pgrp === pid && runs(p));
    expect(orphan, "the provider outlived terraform").toBeDefined();
    expect(await endPreviousTerraform({ workDir, graceMs: 300, pollMs: 20 })).toEqual({ ended: [pid], skipped: [] });
    expect(runs(orphan!)).toBe(false);
  });

  it("finds nothing in a missing or empty work directory, and drops a torn record", async () => {
    expect(await endPreviousTerraform({ workDir: join(tmpdir(), "no-such-work-dir-x1"), graceMs: 0 })).toEqual({
      ended: [],
      skipped: [],
    });
    const workDir = await mkdtemp(join(tmpdir(), "end-previous-"));
    dirs.push(workDir);
    await mkdir(join(workDir, "run"));
    await writeFile(join(workDir, "run", ".terraform-process-123.json"), '{"pid": 12');
    expect(await endPreviousTerraform({ workDir, graceMs: 0 })).toEqual({ ended: [], skipped: [] });
    expect(await readdir(join(workDir, "run"))).toEqual([]);
  });
});
