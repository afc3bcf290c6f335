import { describe, expect, it } from "vitest";
import { execa } from "execa";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
const list = async (...args: string[]) => {
  const result = await execa(
    process.execPath,
    [join(ROOT, "node_modules/vitest/vitest.mjs"), "list", "--filesOnly", ...args],
    { cwd: ROOT, reject: false },
  );
  expect(result.exitCode, result.stderr).toBe(0);
  return String(result.stdout)
    .split("\n")
    .filter((line) => line.trim() !== "");
};

describe("which tests npm test and npm run test:live run", () => {
  it("npm test (vitest.config.ts) runs the live test's dry part but never the live test itself", async () => {
    const files = await list();
    expect(files.filter((f) => f.endsWith(".live.ts"))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        "test/live/lifecycle.test.ts",
        "test/live/live-run.test.ts",
        "test/live/settings.test.ts",
      ]),
    );
  });

  it("npm run test:live (vitest.live.config.ts) runs the live test and nothing else", async () => {
    expect(await list("--config", "vitest.live.config.ts")).toEqual(["test/live/live-cloud.live.ts"]);
  });
});
