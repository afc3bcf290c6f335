import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { getPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { execCommand } from "./exec.js";

// The child reports its own nice value (/proc/<pid>/stat field 19) once it differs from the broker's,
// or the broker's after `looks` looks: no timing assertion, the answer is the value it saw.
const script = (base: number, looks: number) =>
  `i=0; while [ $i -lt ${looks} ]; do n=$(cut -d' ' -f19 /proc/$$/stat); [ "$n" != "${base}" ] && { echo $n; exit 0; }; i=$((i+1)); sleep 0.01; done; echo $n`;

const autogroups = (() => {
  try {
    return readFileSync("/proc/sys/kernel/sched_autogroup_enabled", "utf8").trim() === "1";
  } catch {
    return false;
  }
})();

describe.each([false, true])("execCommand niceness (spawn helper: %s)", (spawnHelper) => {
  it("runs the child nicer than the broker by `niceness`; 0 leaves it as it is", async () => {
    const base = getPriority();
    const run = (niceness: number) =>
      execCommand({
        bin: "/bin/sh",
        args: ["-c", script(base, niceness === 0 ? 10 : 200)],
        cwd: "/",
        env: {},
        killGraceMs: 1000,
        niceness,
        spawnHelper,
      });
    expect((await run(10)).stdout.trim()).toBe(String(Math.min(19, base + 10)));
    expect((await run(0)).stdout.trim()).toBe(String(base));
  });

  // A detached child (the broker's terraform) leads a new session, so a new autogroup: its nice MUST follow.
  // Outside CI a kernel without autogroups skips it, saying so; in CI (CI=true, the machine kind has
  // them) it MUST run, and a kernel without them fails it.
  const skip = !autogroups && process.env.CI !== "true";
  const title = skip
    ? "SKIPPED: kernel autogroups are off (/proc/sys/kernel/sched_autogroup_enabled is not 1): a detached child's autogroup nice not checked"
    : "nices a detached child's autogroup too (needs kernel autogroups)";
  it.skipIf(skip)(title, async () => {
    expect(autogroups, "kernel autogroups: /proc/sys/kernel/sched_autogroup_enabled must be 1").toBe(true);
    const dir = await mkdtemp(join(tmpdir(), "exec-niceness-"));
    try {
      const outcome = await execCommand({
        bin: "/bin/sh",
        args: [
          "-c",
          `i=0; while [ $i -lt 200 ]; do a=$(cat /proc/$$/autogroup); case "$a" in *"nice ${Math.min(19, getPriority() + 10)}") break;; esac; i=$((i+1)); sleep 0.01; done; echo "$a"`,
        ],
        cwd: dir,
        env: {},
        killGraceMs: 1000,
        niceness: 10,
        recordIn: dir,
        spawnHelper,
      });
      expect(outcome.stdout.trim()).toMatch(new RegExp(`nice ${Math.min(19, getPriority() + 10)}$`));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
