import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCatalogStacks, formatStackProblems } from "../../src/catalog/check-stacks.js";
import { loadCatalog } from "../../src/catalog/load-catalog.js";
import { ROOT, runCli } from "./cli-harness.js";

/**
 * `openstack-broker new service <name>` into a scratch catalog and stacks directory inside the
 * project (under the git-ignored .work/, so the scaffold's imports of vitest and the project resolve as
 * they would in stacks/): the broker's checks pass, and the scaffolded test passes as written.
 */
let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  await mkdir(join(ROOT, ".work"), { recursive: true });
  dir = await mkdtemp(join(ROOT, ".work", "new-service-"));
  env = { CATALOG_DIR: join(dir, "catalog"), STACKS_DIR: join(dir, "stacks") };
  await mkdir(env.CATALOG_DIR);
  await mkdir(env.STACKS_DIR);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("openstack-broker new service", () => {
  it("writes a catalog entry with fresh UUIDs, a construct, a README and a test", async () => {
    const run = await runCli(["new", "service", "demo-groups"], { env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    for (const file of ["catalog/demo-groups.yaml", "stacks/demo-groups/index.ts", "stacks/demo-groups/README.md"])
      expect(existsSync(join(dir, file)), file).toBe(true);
    const yaml = await readFile(join(dir, "catalog/demo-groups.yaml"), "utf8");
    expect(yaml.match(/id: [0-9a-f-]{36}/g)).toHaveLength(2);
  });

  it("passes the catalog checks (catalog validate: loads, synthesizes, construct checks)", async () => {
    const catalog = await loadCatalog({ catalogDir: env.CATALOG_DIR, stacksDir: env.STACKS_DIR });
    expect(formatStackProblems(checkCatalogStacks(catalog, env.STACKS_DIR, dir))).toBe("");
    const run = await runCli(["catalog", "validate"], { env });
    expect(run.code).toBe(0);
  });

  it("its test passes unchanged (provision, bind, unbind, deprovision on the simulator)", async () => {
    const vitest = join(ROOT, "node_modules", "vitest", "vitest.mjs");
    const result = await execa("node", [vitest, "run", "--root", dir, "stacks/demo-groups"], {
      cwd: dir,
      reject: false,
      env: { CI: "1", NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    expect(`${result.stdout}\n${result.stderr}`).toMatch(/Tests\s+2 passed \(2\)/);
    expect(result.exitCode).toBe(0);
  }, 120_000);

  it("refuses a bad name or an existing service, naming it", async () => {
    const bad = await runCli(["new", "service", "Demo_Groups"], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('new service: name "Demo_Groups" must use only lowercase letters, digits and hyphens');
    const again = await runCli(["new", "service", "demo-groups"], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/new service: .*demo-groups\.yaml exists; choose another name/);
  });
});
