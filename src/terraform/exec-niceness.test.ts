import { getPriority } from "node:os";
import { describe, expect, it } from "vitest";
import { execCommand } from "./exec.js";

// The child reports its own nice value (/proc/<pid>/stat field 19) once it differs from the broker's,
// or the broker's after `looks` looks: no timing assertion, the answer is the value it saw.
const script = (base: number, looks: number) =>
  `i=0; while [ $i -lt ${looks} ]; do n=$(cut -d' ' -f19 /proc/$$/stat); [ "$n" != "${base}" ] && { echo $n; exit 0; }; i=$((i+1)); sleep 0.01; done; echo $n`;

describe("execCommand niceness", () => {
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
      });
    expect((await run(10)).stdout.trim()).toBe(String(Math.min(19, base + 10)));
    expect((await run(0)).stdout.trim()).toBe(String(base));
  });
});
