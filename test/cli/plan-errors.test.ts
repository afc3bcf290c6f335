import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load-catalog.js";
import { resolveParameters } from "../../src/catalog/parameters.js";
import { ROOT, runCli, snapshotDir } from "./cli-harness.js";

/** Bad input to `plan`: a clear message naming the flag, file and position; exit 1; nothing created. */
describe("openstack-broker plan: bad input", () => {
  let dir: string;
  let env: Record<string, string>;
  const base = ["plan", "--service", "terraform-test", "--plan", "default"];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "cli-errors-"));
    env = {
      STATE_DIR: join(dir, "state"),
      CATALOG_DIR: join(ROOT, "test/fixtures/catalog"),
      STACKS_DIR: join(ROOT, "stacks"),
      TF_PLUGIN_CACHE_DIR: join(dir, "plugins"),
    };
    await writeFile(join(dir, "bad.json"), '{\n  "message": "x",\n  "sleep_seconds": ,\n}\n');
    await writeFile(join(dir, "invalid.json"), '{"sleep_seconds": 9999}');
    await mkdir(join(dir, "a-directory"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const fails = async (args: string[], message: string | RegExp) => {
    const run = await runCli(args, { env, cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    if (typeof message === "string") expect(run.stderr).toContain(`openstack-broker: ${message}`);
    else expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    return run;
  };

  it("invalid parameters: the broker's own text, prefixed with where they came from", async () => {
    const catalog = await loadCatalog({ catalogDir: env.CATALOG_DIR, stacksDir: env.STACKS_DIR, loadStacks: false });
    const plan = catalog.findPlan("terraform-test", "default")!;
    let brokerText = "";
    try {
      resolveParameters({ plan, action: "create", given: { sleep_seconds: 9999 } });
    } catch (error) {
      brokerText = (error as Error).message;
    }
    expect(brokerText).toContain("parameters.sleep_seconds");
    await fails([...base, "--params", '{"sleep_seconds": 9999}'], `--params: ${brokerText}`);
    await fails([...base, "--params", "@invalid.json"], `--params @${join(dir, "invalid.json")}: ${brokerText}`);
    await fails([...base, "--params", '{"nope": 1}'], /--params: parameters.*nope/);
  }, 30_000);

  it("unknown service or plan: named, with what exists", async () => {
    await fails(
      ["plan", "--service", "nope", "--plan", "default"],
      '--service: unknown service "nope" (the catalog offers: terraform-test)',
    );
    await fails(
      ["plan", "--service", "terraform-test", "--plan", "huge"],
      '--plan: service terraform-test has no plan "huge" (its plans: default, other)',
    );
    await fails(["plan", "--instance", "missing"], "--instance: instance missing does not exist");
  }, 30_000);

  it("malformed JSON: the position, inline and in a file", async () => {
    await fails(
      [...base, "--params", '{"message": }'],
      `--params: invalid JSON at line 1, column 13: unexpected "}", expected a value`,
    );
    await fails(
      [...base, "--params", "@bad.json"],
      `--params @${join(dir, "bad.json")}: invalid JSON at line 3, column 20: unexpected ",", expected a value`,
    );
    await fails([...base, "--params", "[1]"], "--params: must be a JSON object (got an array)");
    await fails([...base, "--context", "{"], "--context: invalid JSON at line 1, column 2: unexpected end of input");
  });

  it("unreadable @file: the path and why", async () => {
    await fails(
      [...base, "--params", "@missing.json"],
      `--params @${join(dir, "missing.json")}: cannot read the file: no such file`,
    );
    await fails(
      [...base, "--params", "@a-directory"],
      `--params @${join(dir, "a-directory")}: cannot read the file: is a directory`,
    );
  });

  it("usage errors: exit 1, never 2 (2 means changes)", async () => {
    await fails(["plan", "--service", "terraform-test"], /give --service and --plan/);
    await fails([...base, "--bogus"], "plan: unknown flag --bogus (see 'openstack-broker plan --help')");
    await fails(["nonsense"], 'unknown command "nonsense"');
  });

  it("an OpenStack service with invalid parameters: refused before the simulator or terraform start", async () => {
    const simEnv = { ...env, CATALOG_DIR: join(ROOT, "catalog"), SIMULATE: "true" };
    const run = await runCli(["plan", "--service", "nova-vm", "--plan", "small", "--params", '{"ssh_user":"Root!"}'], {
      env: simEnv,
      cwd: dir,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^(loading the catalog\n)?openstack-broker: --params: parameters\.ssh_user: must match pattern/m,
    );
    expect(run.stderr).not.toContain("terraform plan");
  }, 30_000);

  it("nothing was created anywhere: no state directory (nor simulated cloud), no working directory left", async () => {
    expect(await snapshotDir(join(dir, "state"))).toEqual({});
    const leftovers = (await snapshotDir(dir)) as Record<string, string>;
    expect(Object.keys(leftovers).sort()).toEqual(["bad.json", "invalid.json"]);
  });
});
