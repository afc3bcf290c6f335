import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT } from "../helpers/broker-fixture.js";
import { runCommand } from "../../src/cli/main.js";

/**
 * Issue 16 item 5: the command line loads a command's modules only when that command runs, so
 * `--version`, `plan` or `catalog` never load the broker (serve) or the other commands.
 */
describe("CLI commands are loaded lazily", () => {
  it("main.ts imports no command statically", async () => {
    const source = await readFile(join(ROOT, "src/cli/main.ts"), "utf8");
    const statics = [...source.matchAll(/^import\s[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[1]).sort();
    expect(statics).toEqual([
      "../config/config-error.js",
      "../config/parse-flags.js",
      "./commands/io.js",
      "./error-output.js",
      "./serve-help.js",
      "./version.js",
    ]);
  });

  it("a lazily loaded command still runs, and an unknown one is refused with a suggestion", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      stdout: { write: (s: string) => void out.push(s) },
      stderr: { write: (s: string) => void err.push(s) },
    };
    const code = await runCommand(["catalog", "--help"], io as never);
    expect(code).toBe(0);
    expect(out.join("")).toMatch(/catalog/);
    expect(await runCommand(["catalgo"], io as never)).toBe(1);
    expect(err.join("")).toMatch(/did you mean catalog/);
  });
});
