import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli } from "./cli-harness.js";

const COMMANDS = ["serve", "plan", "catalog", "synth", "instances", "operations", "reencrypt"];
const missingDir = () => join(mkdtempSync(join(tmpdir(), "cli-")), "no-such-state");

describe("the CLI: help, version, flags", () => {
  it.each(COMMANDS)("%s --help and -h print the usage and exit 0, even with a broken environment", async (command) => {
    for (const flag of ["--help", "-h"]) {
      const run = await runCli([command, flag], { env: { LOG_LEVEL: "loud" } });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^usage: openstack-broker ${command}`));
    }
  });

  it("--version prints package.json's version", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const run = await runCli(["--version"]);
    expect(run).toEqual({ code: 0, stdout: `openstack-broker ${version}\n`, stderr: "" });
  });

  it("refuses an unknown flag with the closest one, serve included (nothing started)", async () => {
    const serve = await runCli(["serve", "--concurency", "2"]);
    expect(serve.code).toBe(1);
    expect(serve.stderr).toBe("openstack-broker: unknown flag --concurency: did you mean --concurrency?\n");
    const instances = await runCli(["instances", "--stat-dir", "x"]);
    expect(instances.code).toBe(1);
    expect(instances.stderr).toContain("instances: unknown flag --stat-dir: did you mean --state-dir?");
    const far = await runCli(["catalog", "--zzzzzz"]);
    expect(far.stderr).toContain("catalog: unknown flag --zzzzzz (see 'openstack-broker catalog --help')");
    expect((await runCli(["instance"])).stderr).toContain('unknown command "instance": did you mean instances?');
  });

  it("refuses a secret as a flag: BROKER_PASSWORD has none", async () => {
    const run = await runCli(["serve", "--broker-password", "x"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown flag --broker-password");
  });

  it("validates LOG_LEVEL against pino's levels (flag and environment)", async () => {
    const serve = await runCli(["serve", "--log-level", "loud"]);
    expect(serve.code).toBe(1);
    expect(serve.stderr).toContain(
      'LOG_LEVEL (--log-level) must be one of trace, debug, info, warn, error, fatal, silent, got "loud"',
    );
    const instances = await runCli(["instances"], { env: { LOG_LEVEL: "verbose" } });
    expect(instances.code).toBe(1);
    expect(instances.stderr).toContain('got "verbose"');
  });
});

describe("instances / operations on a state directory that does not exist", () => {
  it.each([["instances"], ["operations", "db1"]])("%s says so, exits 1 and creates nothing", async (...argv) => {
    const dir = missingDir();
    const run = await runCli([...argv, "--state-dir", dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `openstack-broker: ${argv[0]}: the state directory ${dir} does not exist (STATE_DIR or --state-dir; no broker has stored anything there)\n`,
    );
    expect(existsSync(dir)).toBe(false);
  });
});

describe("--json: JSON on every path, errors included", () => {
  it("an error is {error: {summary, file, field}} on stdout, nothing on stderr", async () => {
    const dir = missingDir();
    const run = await runCli(["instances", "--json"], { env: { STATE_DIR: dir } });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      error: {
        summary: `instances: the state directory ${dir} does not exist (STATE_DIR or --state-dir; no broker has stored anything there)`,
        file: dir,
        field: "STATE_DIR",
      },
    });
  });

  it("bad flags and missing arguments too", async () => {
    const flag = await runCli(["operations", "--json", "--folow"]);
    expect(JSON.parse(flag.stdout).error.summary).toContain("unknown flag --folow: did you mean --follow?");
    const plan = await runCli(["plan", "--json", "--service", "x"]);
    expect(plan.code).toBe(1);
    expect(JSON.parse(plan.stdout).error.summary).toMatch(/^plan: give --service and --plan/);
  });

  it("an invalid catalog lists every problem with its file and field", async () => {
    const root = mkdtempSync(join(tmpdir(), "cli-catalog-"));
    mkdirSync(join(root, "catalog"));
    writeFileSync(join(root, "catalog", "bad.yaml"), "services:\n  - name: x\n  - name: y\n");
    const run = await runCli(["catalog", "validate", "--json", "--catalog-dir", join(root, "catalog")], { cwd: root });
    expect(run.code).toBe(1);
    const { error } = JSON.parse(run.stdout);
    expect(error.summary).toMatch(/^invalid catalog/);
    expect(error.problems.length).toBeGreaterThan(1);
    for (const p of error.problems)
      expect(p).toEqual({ file: expect.any(String), field: expect.any(String), message: expect.any(String) });
  });
});

describe("--json on the success paths that printed text", () => {
  const fixture = { CATALOG_DIR: join(ROOT, "test/fixtures/catalog") };

  it("catalog validate --json", async () => {
    const run = await runCli(["catalog", "validate", "--json"], { env: fixture });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      valid: true,
      services: expect.any(Number),
      plans: expect.any(Number),
      catalog_dir: fixture.CATALOG_DIR,
    });
  });

  it("synth --json names the files, and a bad --params is a JSON error naming the flag", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "cli-synth-json-")), "out");
    const base = ["synth", "--service", "terraform-test", "--plan", "default", "--out", out, "--json"];
    const run = await runCli(base, { env: fixture });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      files: [join(out, "cdk.tf.json"), join(out, "terraform.tfvars.json")],
      service: "terraform-test",
      kind: "create",
    });
    const bad = await runCli([...base, "--params", "{oops"], { env: fixture });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error).toMatchObject({
      summary: expect.stringMatching(/^--params: invalid JSON/),
      field: "--params",
    });
  });
});

describe("--json: a configuration error names its variable", () => {
  it("LOG_LEVEL=loud instances --json", async () => {
    const run = await runCli(["instances", "--json"], { env: { LOG_LEVEL: "loud" } });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      error: {
        summary: 'LOG_LEVEL (--log-level) must be one of trace, debug, info, warn, error, fatal, silent, got "loud"',
        field: "LOG_LEVEL",
      },
    });
  });
});
