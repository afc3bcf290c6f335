import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectGolden, ROOT, runCli } from "./cli-harness.js";

const FIXTURE = join(ROOT, "test/fixtures/catalog/terraform-test.yaml");

describe("openstack-broker catalog [validate]", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "cli-catalog-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const fixtureEnv = { CATALOG_DIR: join(ROOT, "test/fixtures/catalog"), STACKS_DIR: join(ROOT, "stacks") };

  it("lists services and plans (golden), and as JSON", async () => {
    const run = await runCli(["catalog"], { env: fixtureEnv });
    expect(run.code).toBe(0);
    await expectGolden("catalog.txt", run.stdout);
    const json = JSON.parse((await runCli(["catalog", "--json"], { env: fixtureEnv })).stdout);
    expect(json.services[0].plans.map((p: { name: string }) => p.name)).toEqual(["default", "other"]);
  });

  it("validate: the project's own catalog/ and stacks/ are valid", async () => {
    const run = await runCli(["catalog", "validate"], {
      env: { CATALOG_DIR: join(ROOT, "catalog"), STACKS_DIR: join(ROOT, "stacks") },
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^catalog OK: \d+ services, \d+ plans in .*; every stack synthesizes\n$/);
  }, 60_000);

  it("validate: problems name the file and the field; exit 1", async () => {
    const text = await readFile(FIXTURE, "utf8");
    const missingStack = join(dir, "missing-stack", "catalog");
    await mkdir(missingStack, { recursive: true });
    await writeFile(
      join(missingStack, "t.yaml"),
      text.replace("stack: terraform-test\n        maintenance_info", "stack: no-such-stack\n        maintenance_info"),
    );
    const loadRun = await runCli(["catalog", "validate"], {
      env: { CATALOG_DIR: missingStack, STACKS_DIR: join(ROOT, "stacks") },
    });
    expect(loadRun.code).toBe(1);
    expect(loadRun.stderr).toContain("catalog/t.yaml: services[0].plans[0].stack: stack not found");

    const badCredentials = join(dir, "bad-credentials", "catalog");
    await mkdir(badCredentials, { recursive: true });
    await writeFile(
      join(badCredentials, "t.yaml"),
      text.replace(
        "credentials: [message]\n        schemas: &schemas",
        "credentials: [message, nope]\n        schemas: &schemas",
      ),
    );
    const run = await runCli(["catalog", "validate"], {
      env: { CATALOG_DIR: badCredentials, STACKS_DIR: join(ROOT, "stacks") },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "catalog/t.yaml: services[0].plans[0]: (plan default) credentials: nope is not an output of",
    );
    expect(run.stderr).toContain("stacks/terraform-test/index.ts (outputs: message, fail_on)");
  }, 30_000);
});

describe("openstack-broker synth", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "cli-synth-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("writes cdk.tf.json and the variables with every secret redacted", async () => {
    const out = join(dir, "out");
    const run = await runCli(
      ["synth", "--service", "swift-container", "--plan", "temp-url", "--params", '{"versioning":true}', "--out", out],
      {
        env: { CATALOG_DIR: join(ROOT, "catalog"), STACKS_DIR: join(ROOT, "stacks"), STATE_DIR: join(dir, "state") },
      },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("1 sensitive variable redacted: secret_temp_url_key");
    const variables = JSON.parse(await readFile(join(out, "terraform.tfvars.json"), "utf8"));
    expect(variables).toMatchObject({
      instance_id: "synth-preview",
      param_versioning: true,
      secret_temp_url_key: "<redacted>",
    });
    const config = JSON.parse(await readFile(join(out, "cdk.tf.json"), "utf8"));
    expect(config.terraform.backend).toEqual({ http: {} });
    expect(config.variable.secret_temp_url_key.sensitive).toBe(true);
  }, 30_000);

  it("refuses invalid parameters like plan does, writing nothing", async () => {
    const out = join(dir, "never");
    const run = await runCli(
      ["synth", "--service", "swift-container", "--plan", "standard", "--params", '{"versioning":"yes"}', "--out", out],
      {
        env: { CATALOG_DIR: join(ROOT, "catalog"), STACKS_DIR: join(ROOT, "stacks"), STATE_DIR: join(dir, "state") },
      },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("openstack-broker: --params: parameters.versioning: must be boolean");
    await expect(readFile(join(out, "cdk.tf.json"))).rejects.toThrow(/ENOENT/);
  }, 30_000);
});
