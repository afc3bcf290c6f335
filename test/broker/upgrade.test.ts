import { execFileSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PLAN_ID,
  ROOT,
  SERVICE_ID,
  bindingPath,
  instancePath,
  provisionBody,
  startTestBroker,
  testBrokerEnv,
  type TestBroker,
} from "../helpers/broker-fixture.js";
import { runCli } from "../cli/cli-harness.js";

/**
 * An upgrade through maintenance_info end to end through the HTTP API (issue 14, item 5), real
 * terraform (terraform-test): the catalog's construct version changes between two starts of the
 * broker over the same state; the platform sees the new version in GET /v2/catalog and upgrades.
 * TERRAFORM_BIN is a wrapper that logs each command and fails `apply` while a flag file exists.
 */
let dir: string;
let env: Record<string, string>;
let invocations: string;
let failFlag: string;
let t: TestBroker | undefined;

const FIXTURE = join(ROOT, "test/fixtures/catalog/terraform-test.yaml");
const catalogWith = async (version: string, description: string, generation = 1) => {
  const text = (await readFile(FIXTURE, "utf8"))
    .replace(
      "version: 1.0.0\n          description: First release",
      `version: ${version}\n          description: ${description}`,
    )
    .replace("settings: { generation: 1 }", `settings: { generation: ${generation} }`);
  expect(text).toContain(`version: ${version}`);
  await writeFile(join(dir, "catalog", "terraform-test.yaml"), text);
};
const start = async () => {
  await t?.close();
  t = await startTestBroker({ dir, env: extraEnv() });
  return t;
};
const extraEnv = () => ({ CATALOG_DIR: join(dir, "catalog"), TERRAFORM_BIN: join(dir, "terraform") });
// biome-ignore lint/suspicious/noExplicitAny: the test walks deep into parsed JSON
const json = async (response: Response) => (await response.json()) as Record<string, any>;
const applies = async () => (await readFile(invocations, "utf8")).split("\n").filter((line) => line === "apply").length;

async function catalogVersion(b: TestBroker): Promise<{ version: string; description: string }> {
  const catalog = await json(await b.client.get("/v2/catalog"));
  return catalog.services[0].plans.find((p: { id: string }) => p.id === PLAN_ID).maintenance_info;
}
const outdated = async () => {
  const run = await runCli(["instances", "--outdated", "--json"], { env });
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { instances: { id: string; maintenance: Record<string, unknown> }[] }).instances;
};
const upgrade = (b: TestBroker, version: string, parameters?: Record<string, unknown>) =>
  b.client.patch(instancePath("up-1"), {
    service_id: SERVICE_ID,
    maintenance_info: { version },
    ...(parameters ? { parameters } : {}),
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "osb-upgrade-"));
  await mkdir(join(dir, "catalog"));
  invocations = join(dir, "terraform-invocations.log");
  failFlag = join(dir, "fail-apply");
  const real = execFileSync("sh", ["-c", "command -v terraform"], { encoding: "utf8" }).trim();
  await writeFile(
    join(dir, "terraform"),
    `#!/bin/sh\necho "$1" >> '${invocations}'\n` +
      `if [ "$1" = apply ] && [ -f '${failFlag}' ]; then echo 'simulated apply failure' >&2; exit 1; fi\n` +
      `exec '${real}' "$@"\n`,
  );
  await chmod(join(dir, "terraform"), 0o755);
  await writeFile(invocations, "");
  env = testBrokerEnv(dir, extraEnv());
});
afterAll(async () => {
  await t?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("upgrades through maintenance_info (real terraform, through the HTTP API)", () => {
  it("advertises the derived version, lists outdated instances, refuses a mismatch, retries a failed upgrade, re-applies the bindings", async () => {
    await catalogWith("1.0.0", "First release");
    let b = await start();
    const v1 = await catalogVersion(b);
    const terraformVersion = JSON.parse(
      execFileSync(join(dir, "terraform"), ["version", "-json"], { encoding: "utf8" }),
    ).terraform_version as string;
    expect(v1).toEqual({
      version: `1.0.0+terraform.${terraformVersion}`,
      description: `First release (applied with terraform ${terraformVersion})`,
    });
    expect((await b.client.put(instancePath("up-1"), provisionBody({ message: "m" }))).status).toBe(202);
    expect((await b.waitForInstance("up-1")).body.state).toBe("succeeded");
    expect((await b.client.put(bindingPath("up-1", "b1"), { service_id: SERVICE_ID, plan_id: PLAN_ID })).status).toBe(
      201,
    );
    expect((await json(await b.client.get("/v2/service_instances/up-1"))).maintenance_info).toEqual(v1);
    expect(await outdated()).toEqual([]);
    // The instance's own version again changes nothing: 200, no operation.
    const same = await upgrade(b, v1.version);
    expect(same.status).toBe(200);
    expect((await b.broker.records.listOperations("up-1")).map((op) => op.type)).toEqual(["provision", "bind"]);

    // A new construct version: a restart over the same state.
    await catalogWith("1.1.0", "Second release");
    b = await start();
    const v2 = await catalogVersion(b);
    expect(v2.version).toBe(`1.1.0+terraform.${terraformVersion}`);
    expect(v2.description).toContain("Second release");
    expect(await outdated()).toMatchObject([
      { id: "up-1", maintenance: { applied: v1.version, current: v2.version, outdated: true } },
    ]);
    // The dry-run of the upgrade: the plan command over the instance's state (nothing changes here).
    const dry = await runCli(["plan", "--instance", "up-1", "--upgrade", "--json", "--quiet"], { env });
    expect(dry.stderr).not.toContain("openstack-broker:");
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ has_changes: false, upgrade: { from: v1.version, to: v2.version } });
    const bad = await runCli(["plan", "--instance", "up-1", "--upgrade", "--params", "{}"], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--upgrade needs --instance and takes no --plan or --params");

    const mismatch = await upgrade(b, v1.version);
    expect(mismatch.status).toBe(422);
    expect(await json(mismatch)).toMatchObject({
      error: "MaintenanceInfoConflict",
      description: expect.stringContaining(v2.version),
    });

    // A failed upgrade: the instance stays usable, on its old version, and the upgrade can be repeated.
    await writeFile(failFlag, "");
    const failing = await upgrade(b, v2.version);
    expect(failing.status, JSON.stringify(await json(failing.clone()))).toBe(202);
    const failed = await b.waitForInstance("up-1");
    expect(failed.body).toMatchObject({ state: "failed", instance_usable: true, update_repeatable: true });
    expect((await json(await b.client.get("/v2/service_instances/up-1"))).maintenance_info).toEqual(v1);
    expect(await outdated()).toHaveLength(1);
    await rm(failFlag);

    const appliesBefore = await applies();
    const retried = await upgrade(b, v2.version);
    expect(retried.status).toBe(202);
    expect((await b.waitForInstance("up-1")).body.state).toBe("succeeded");
    expect(await applies()).toBe(appliesBefore + 2); // the instance stack, then binding b1's
    expect((await json(await b.client.get("/v2/service_instances/up-1"))).maintenance_info).toEqual(v2);
    expect((await b.broker.records.getInstance("up-1"))?.maintenanceInfo).toEqual(v2);
    expect(await json(await b.client.get(bindingPath("up-1", "b1")))).toMatchObject({
      credentials: { message: "m", binding_id: "b1" },
    });
    expect(await outdated()).toEqual([]);
  });

  it("an upgrade that would replace a stateful resource is refused with 422 naming it, unless allow_replace", async () => {
    // The new construct version changes the setting that replaces terraform_data.message (stateful).
    await catalogWith("2.0.0", "Breaking release", 2);
    const b = await start();
    const v3 = await catalogVersion(b);
    const refused = await upgrade(b, v3.version);
    expect(refused.status).toBe(422);
    expect((await json(refused)).description).toContain("replace terraform_data.message");
    expect((await b.broker.records.getInstance("up-1"))?.maintenanceInfo?.version).toMatch(/^1\.1\.0\+/);

    const accepted = await upgrade(b, v3.version, { message: "m", allow_replace: true });
    expect(accepted.status).toBe(202);
    expect((await b.waitForInstance("up-1")).body.state).toBe("succeeded");
    expect((await b.broker.records.getInstance("up-1"))?.maintenanceInfo).toEqual(v3);
  });
});
