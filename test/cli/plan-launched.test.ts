import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlanReport } from "../../src/broker/dry-run/plan-report.js";
import { PROVIDER_LOG_ENV, type ConfiguredProvider } from "../../src/simulator/provider-auth.js";
import { testBrokerEnv } from "../helpers/broker-fixture.js";
import { ROOT, runCli } from "./cli-harness.js";

/**
 * `openstack-broker plan` honours SIMULATOR_MODE like `serve`: with `--simulator-mode launched`
 * terraform launches the simulator for each command (its provider log, written only by launched
 * providers, shows the run's clouds.yaml resolved as gophercloud does: no region_name, so region "",
 * the password from secure.yaml through the run's own file); the broker's plugin cache stays empty.
 */
let dir: string;
let log: string;
let env: Record<string, string>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "plan-launched-"));
  log = join(dir, "provider.log");
  // Terraform inherits this process's environment (the CLI's runner starts from process.env).
  process.env[PROVIDER_LOG_ENV] = log;
  const auth = {
    auth_url: "https://keystone.example:5000/v3",
    username: "broker",
    project_name: "demo",
    user_domain_name: "Default",
    project_domain_name: "Default",
  };
  await writeFile(join(dir, "clouds.yaml"), JSON.stringify({ clouds: { sim: { auth } } }));
  await writeFile(
    join(dir, "secure.yaml"),
    JSON.stringify({ clouds: { sim: { auth: { password: "pw-plan-launched" } } } }),
  );
  env = testBrokerEnv(dir, {
    CATALOG_DIR: join(ROOT, "catalog"),
    SIMULATE: "true",
    OS_CLIENT_CONFIG_FILE: join(dir, "clouds.yaml"),
    OS_CLIENT_SECURE_FILE: join(dir, "secure.yaml"),
    OS_CLOUD: "sim",
  });
});
afterAll(async () => {
  delete process.env[PROVIDER_LOG_ENV];
  await rm(dir, { recursive: true, force: true });
});

const plan = (...extra: string[]) =>
  runCli(["plan", "--service", "swift-container", "--plan", "standard", "--json", ...extra], { env });
const launches = async () =>
  (await readFile(log, "utf8").catch(() => ""))
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ConfiguredProvider);

describe("openstack-broker plan --simulator-mode", () => {
  it("reattach (the default) serves terraform from this process: no provider is launched", async () => {
    const run = await plan();
    expect(run.stderr).not.toContain("openstack-broker:");
    expect(run.code).toBe(2);
    expect((JSON.parse(run.stdout) as PlanReport).target).toEqual({
      kind: "simulator",
      description: "the built-in OpenStack simulator (forced by SIMULATE=true)",
    });
    expect(await launches()).toEqual([]);
  }, 60_000);

  it("launched: terraform launches the simulator, which resolves the run's clouds.yaml; the plugin cache stays empty", async () => {
    const run = await plan("--simulator-mode", "launched");
    expect(run.stderr).not.toContain("openstack-broker:");
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as PlanReport;
    expect(report.target.description).toBe(
      "the built-in OpenStack simulator (forced by SIMULATE=true; launched by terraform, SIMULATOR_MODE=launched)",
    );
    expect(report.resources.map((r) => `${r.action} ${r.type}`)).toContain(
      "create openstack_objectstorage_container_v1",
    );
    const configured = await launches();
    expect(configured.length).toBeGreaterThan(0);
    for (const c of configured)
      expect(c).toMatchObject({ cloud: "sim", region: "", endpointType: "public", token: { method: "password" } });
    expect(await readdir(env.TF_PLUGIN_CACHE_DIR, { recursive: true }).catch(() => [])).toEqual([]);
  }, 60_000);
});
