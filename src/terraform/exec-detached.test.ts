import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execCommand } from "./exec.js";
import { processGroupMembers, readProcInfo } from "./proc.js";

const runs = (pid: number) => {
  const info = readProcInfo(pid);
  return info !== undefined && info.state !== "Z";
};

describe("a command started with onSpawn (the broker's terraform)", () => {
  it("leads its own process group and is reported running, then forgotten when it exits", async () => {
    const seen: { pid: number; pgrp?: number; forgotten: boolean }[] = [];
    const outcome = await execCommand({
      bin: "sh",
      args: ["-c", "echo $$"],
      cwd: tmpdir(),
      env: { PATH: process.env.PATH },
      killGraceMs: 1000,
      onSpawn: (pid) => {
        const entry = { pid, pgrp: readProcInfo(pid)?.pgrp, forgotten: false };
        seen.push(entry);
        return () => void (entry.forgotten = true);
      },
    });
    expect(outcome.status).toBe("exited");
    expect(seen).toEqual([
      { pid: Number(outcome.stdout.trim()), pgrp: Number(outcome.stdout.trim()), forgotten: true },
    ]);
  });

  it.each([false, true])(
    "is ended (its whole group) when the broker process exits normally (spawn helper: %s)",
    async (spawnHelper) => {
      const dir = await mkdtemp(join(tmpdir(), "exec-detached-"));
      try {
        const exec = resolve(import.meta.dirname, "exec.ts");
        const script = `
        import { execCommand } from ${JSON.stringify(exec)};
        void execCommand({ bin: "sh", args: ["-c", "sleep 60 & sleep 60"], cwd: ${JSON.stringify(dir)},
          env: { PATH: process.env.PATH }, killGraceMs: 1000, spawnHelper: ${spawnHelper},
          onSpawn: (pid) => { console.log(pid); setTimeout(() => process.exit(0), 300); return () => {}; } });
      `;
        const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
          encoding: "utf8",
        });
        const group = Number(out.trim());
        expect(group).toBeGreaterThan(0);
        // SIGTERM reached the group: give the shell and its sleeps a moment to die, bounded.
        for (let i = 0; i < 50 && members(group).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
        expect(members(group)).toEqual([]);
        expect(runs(group)).toBe(false);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});

function members(group: number): number[] {
  return processGroupMembers(group).map((m) => m.pid);
}
