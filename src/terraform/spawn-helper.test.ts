import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExecOptions, execCommand } from "./exec.js";
import { processGroupMembers, readProcInfo } from "./proc.js";
import { endPreviousTerraform } from "./end-previous-terraform.js";
import { processRecordFile } from "./process-records.js";
import { sharedSpawnHelper } from "./spawn-helper.js";

const runs = (pid: number) => {
  const info = readProcInfo(pid);
  return info !== undefined && info.state !== "Z";
};
const waitUntil = async (done: () => boolean) => {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 100));
};
const PATH_ONLY = { PATH: process.env.PATH };
const run = (options: Partial<ExecOptions> & Pick<ExecOptions, "args">) =>
  execCommand({ bin: "/bin/sh", cwd: tmpdir(), env: PATH_ONLY, killGraceMs: 300, spawnHelper: true, ...options });
// Prints its pid, then answers SIGINT with "int" and goes on: only SIGKILL ends it.
const STUBBORN = `trap 'echo int' INT; echo $$; while :; do sleep 0.05; done`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "spawn-helper-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("execCommand through the spawn helper", () => {
  it("relays stdout chunk by chunk, stderr and the exit code; the environment is only the given one", async () => {
    const chunks: string[] = [];
    const outcome = await run({
      args: ["-c", 'echo one; echo "$ONLY_THIS${HOME:-}"; echo oops >&2; exit 3'],
      env: { ...PATH_ONLY, ONLY_THIS: "yes" },
      onStdout: (chunk) => void chunks.push(String(chunk)),
    });
    expect(outcome).toMatchObject({ status: "exited", exitCode: 3, stdout: "one\nyes\n", stderr: "oops\n" });
    expect(chunks.join("")).toBe("one\nyes\n");
  });

  it("answers not-found for a missing binary", async () => {
    const outcome = await run({ bin: join(dir, "no-such-terraform"), args: [] });
    expect(outcome.status).toBe("not-found");
    expect(outcome.spawnError).toMatch(/^ENOENT/);
  });

  it("cancels with SIGINT, then SIGKILL when it still runs after the grace", async () => {
    const controller = new AbortController();
    let pid = 0;
    const outcome = await run({
      args: ["-c", STUBBORN],
      signal: controller.signal,
      onStdout: (chunk) => {
        pid ||= Number(String(chunk).trim());
        controller.abort();
      },
    });
    expect(outcome.status).toBe("cancelled");
    expect(outcome.stdout).toContain("int"); // SIGINT first; it refused, so SIGKILL ended it
    expect(outcome.exitCode).toBeUndefined();
    expect(runs(pid)).toBe(false);
  });

  it("stops a command at its timeout the same way", async () => {
    const outcome = await run({ args: ["-c", STUBBORN], timeoutMs: 200 });
    expect(outcome.status).toBe("timeout");
    expect(outcome.stdout).toContain("int");
  });

  it("records the process in recordIn while it runs (its own group), and removes the record after", async () => {
    let seen: { file: boolean; pgrp?: number; pid: number } | undefined;
    const controller = new AbortController();
    const outcome = await run({
      args: ["-c", "echo $$; exec sleep 30"],
      recordIn: dir,
      signal: controller.signal,
      onStdout: (chunk) => {
        const pid = Number(String(chunk).trim());
        seen = { pid, file: existsSync(processRecordFile(dir, pid)), pgrp: readProcInfo(pid)?.pgrp };
        controller.abort();
      },
    });
    expect(outcome.status).toBe("cancelled");
    expect(seen).toEqual({ pid: seen?.pid, file: true, pgrp: seen?.pid });
    expect(existsSync(processRecordFile(dir, seen?.pid ?? 0))).toBe(false);
  });

  it("fails a running command when the helper dies, after ending its process group; the next command starts a new helper", async () => {
    let group = 0;
    const outcome = await run({
      args: ["-c", `sleep 60 & ${STUBBORN}`],
      recordIn: dir,
      onStdout: (chunk) => {
        if (group !== 0) return;
        group = Number(String(chunk).trim());
        process.kill(sharedSpawnHelper().pid ?? 0, "SIGKILL");
      },
    });
    expect(outcome.status).toBe("exited");
    expect(outcome.exitCode).toBe(-1);
    expect(outcome.stderr).toMatch(/spawn helper process exited \(SIGKILL\)/);
    expect(processGroupMembers(group).filter((m) => m.state !== "Z")).toEqual([]);
    expect(existsSync(processRecordFile(dir, group))).toBe(false);
    expect(await run({ args: ["-c", "echo again"] })).toMatchObject({
      status: "exited",
      exitCode: 0,
      stdout: "again\n",
    });
  });
});

describe("a helper killed between a start and its `spawned` message", () => {
  it("the process its record names is ended before the command fails", async () => {
    const runDir = join(dir, "unreported");
    await mkdir(runDir, { recursive: true });
    await run({ args: ["-c", "true"] }); // the helper runs
    const helperPid = sharedSpawnHelper().pid ?? 0;
    // Stands for the terraform the helper started and recorded but never reported: its own group.
    const stray = spawn("sh", ["-c", `trap '' INT; sleep 60`], { detached: true, stdio: "ignore" });
    const pid = stray.pid ?? 0;
    await waitUntil(() => readProcInfo(pid) !== undefined);
    const info = readProcInfo(pid);
    writeFileSync(
      processRecordFile(runDir, pid),
      JSON.stringify({ pid, pgrp: pid, startTime: info?.startTime, cmdline: ["sh"] }),
    );
    process.kill(helperPid, "SIGSTOP"); // it will never read the start below
    const pending = run({ args: ["-c", "sleep 60"], recordIn: runDir });
    await new Promise((r) => setTimeout(r, 50));
    process.kill(helperPid, "SIGKILL");
    const outcome = await pending;
    expect(outcome.status).toBe("exited");
    expect(outcome.stderr).toMatch(/spawn helper process exited/);
    expect(runs(pid)).toBe(false);
    expect(existsSync(processRecordFile(runDir, pid))).toBe(false);
  });
});

describe("the spawn helper when the broker process is killed", () => {
  it("signals nothing: terraform lives on with its record until the next broker ends it; then the helper exits", async () => {
    const workDir = join(dir, "work");
    const runDir = join(workDir, "run-1");
    await mkdir(runDir, { recursive: true });
    const exec = resolve(import.meta.dirname, "exec.ts");
    const helper = resolve(import.meta.dirname, "spawn-helper.ts");
    const script = `
      import { execCommand } from ${JSON.stringify(exec)};
      import { sharedSpawnHelper } from ${JSON.stringify(helper)};
      void execCommand({ bin: "sh", args: ["-c", "sleep 60 & echo $$; sleep 60"], cwd: ${JSON.stringify(runDir)},
        env: { PATH: process.env.PATH }, killGraceMs: 1000, spawnHelper: true, recordIn: ${JSON.stringify(runDir)},
        onStdout: (chunk) => { console.log(String(chunk).trim(), sharedSpawnHelper().pid); process.kill(process.pid, "SIGKILL"); } });
    `;
    // The helper holds the broker's stderr open as long as it runs: read the line, wait for the exit.
    const broker = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    let out = "";
    broker.stdout.on("data", (chunk) => void (out += chunk));
    await new Promise((r) => broker.once("exit", r));
    const [group, helperPid] = out.trim().split(" ").map(Number);
    expect(group).toBeGreaterThan(0);
    expect(helperPid).toBeGreaterThan(0);
    try {
      expect(runs(group)).toBe(true);
      expect(existsSync(processRecordFile(runDir, group))).toBe(true);
      const report = await endPreviousTerraform({ workDir, graceMs: 1000, pollMs: 20 });
      expect(report.ended).toContain(group);
      expect(processGroupMembers(group).filter((m) => m.state !== "Z")).toEqual([]);
      await waitUntil(() => !runs(helperPid));
      expect(runs(helperPid)).toBe(false);
    } finally {
      try {
        process.kill(-group, "SIGKILL");
      } catch {
        // ended
      }
    }
  });
});
