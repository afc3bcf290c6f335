import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./cli-harness.js";

/** A checkout with scripts/ensure-installed.js, a package-lock.json and an `npm` that only records its arguments. */
function fakeCheckout(): { dir: string; run: () => string; calls: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), "quick-start-"));
  mkdirSync(join(dir, "scripts"));
  mkdirSync(join(dir, "bin"));
  copyFileSync(join(ROOT, "scripts/ensure-installed.js"), join(dir, "scripts/ensure-installed.js"));
  writeFileSync(join(dir, "package-lock.json"), "{}");
  const log = join(dir, "npm-calls");
  writeFileSync(join(dir, "bin/npm"), `#!/bin/sh\necho "$*" >> ${JSON.stringify(log)}\n`);
  chmodSync(join(dir, "bin/npm"), 0o755);
  return {
    dir,
    run: () =>
      execFileSync(process.execPath, [join(dir, "scripts/ensure-installed.js")], {
        env: { PATH: `${join(dir, "bin")}:${process.env.PATH}` },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }),
    calls: () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : []),
  };
}

describe("the quick start is two commands on a fresh clone", () => {
  it("npm start and npm test install first; CI runs the README's test command", () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(scripts.start).toBe("node scripts/ensure-installed.js && node bin/openstack-broker.js serve");
    expect(scripts.test).toBe("node scripts/ensure-installed.js && vitest run");
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const quickStart = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("## Configuration"));
    expect(quickStart).toMatch(/```sh\nnpm start .*\nnpm test .*\n```/);
    expect(readFileSync(join(ROOT, ".ci/run"), "utf8")).toMatch(/^npm test -- /m);
  });

  it("no node_modules: npm ci; no gen/: npm run gen; both there: nothing", () => {
    const checkout = fakeCheckout();
    checkout.run();
    expect(checkout.calls()).toEqual(["ci --no-audit --no-fund"]);
    mkdirSync(join(checkout.dir, "node_modules"));
    writeFileSync(join(checkout.dir, "node_modules/.package-lock.json"), "{}");
    checkout.run();
    expect(checkout.calls()).toEqual(["ci --no-audit --no-fund", "run gen"]);
    mkdirSync(join(checkout.dir, "gen/providers"), { recursive: true });
    checkout.run();
    expect(checkout.calls()).toHaveLength(2);
  });
});
