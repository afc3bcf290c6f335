import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestBroker, testBrokerEnv, type TestBroker } from "../helpers/broker-fixture.js";
import { renderPlan } from "../../src/cli/commands/render-plan.js";
import type { PlanReport } from "../../src/broker/dry-run/plan-report.js";
import { startSimulator } from "../../src/simulator/index.js";
import { expectGolden, normalize, ROOT, runCli, snapshotDir } from "./cli-harness.js";

const NOVA = "dcb63d43-311c-4a17-8009-2a3ce1d57bce";
const SMALL = "1ce5ce4d-46ea-4db7-900a-6913c4377c17";

/**
 * `plan` of OpenStack services against the built-in simulator (SIMULATE=true), with a real
 * broker that provisioned a Nova VM: create, no-op, in-place resize, replacement (refused), a quota
 * warning; golden human and JSON output; the store and the simulated cloud unchanged by plans.
 */
describe("openstack-broker plan (OpenStack simulator)", () => {
  let t: TestBroker;
  let env: Record<string, string>;
  let before: Record<string, string>;

  beforeAll(async () => {
    const catalogEnv = { CATALOG_DIR: join(ROOT, "catalog"), SIMULATE: "true" };
    t = await startTestBroker({ env: catalogEnv });
    env = testBrokerEnv(t.dir, catalogEnv);
    const body = { service_id: NOVA, plan_id: SMALL, organization_guid: "org", space_guid: "space", parameters: {} };
    expect((await t.client.put("/v2/service_instances/vm1?accepts_incomplete=true", body)).status).toBe(202);
    expect((await t.waitForInstance("vm1", 120_000)).body.state).toBe("succeeded");
    before = await snapshotDir(join(t.dir, "state"));
  }, 180_000);
  afterAll(() => t?.close());

  const plan = async (name: string, args: string[]) => {
    const run = await runCli(["plan", ...args, "--json"], { env });
    expect(run.stderr).not.toContain("openstack-broker:");
    const report = JSON.parse(run.stdout) as PlanReport;
    expect(report.target).toEqual({
      kind: "simulator",
      description: "the built-in OpenStack simulator (forced by SIMULATE=true)",
    });
    await expectGolden(`sim-${name}.json`, normalize(run.stdout, [t.dir]));
    await expectGolden(`sim-${name}.txt`, normalize(renderPlan(report), [t.dir]));
    return { code: run.code, report };
  };

  it("create: a new VM, its credentials' names, exit 2", async () => {
    const { code, report } = await plan("create", [
      "--service",
      "nova-vm",
      "--plan",
      "small",
      "--instance-id",
      "vm-new",
    ]);
    expect(code).toBe(2);
    expect(report.resources.map((r) => r.action)).toContain("create");
    expect(report.resources.some((r) => r.type === "openstack_compute_instance_v2")).toBe(true);
    expect(report.credentials.length).toBeGreaterThan(0);
    expect(report.warnings).toEqual([]);
  }, 60_000);

  it("no-op: the provisioned VM as it is, exit 0", async () => {
    const { code, report } = await plan("noop", ["--instance", "vm1"]);
    expect(code).toBe(0);
    expect(report).toMatchObject({ has_changes: false, resources: [], refused: null });
  }, 60_000);

  it("in-place update: a plan change resizes the server", async () => {
    const { code, report } = await plan("update", ["--instance", "vm1", "--plan", "medium"]);
    expect(code).toBe(2);
    const server = report.resources.find((r) => r.type === "openstack_compute_instance_v2");
    expect(server?.action).toBe("update");
    expect(report.refused).toBeNull();
  }, 60_000);

  it("rebuild: a new image rebuilds the server in place (provider 3.4.0: servers.Rebuild), refused as destructive", async () => {
    const { code, report } = await plan("rebuild", [
      "--instance",
      "vm1",
      "--params",
      '{"image":"cirros-0.6.2-x86_64-disk"}',
    ]);
    expect(code).toBe(2);
    const server = report.resources.find((r) => r.type === "openstack_compute_instance_v2");
    expect(server).toMatchObject({ action: "update", stateful: true });
    expect(report.refused?.description).toMatch(
      /^this update would update openstack_compute_instance_v2\.\S+ in place: changing image_id rebuilds/,
    );
  }, 60_000);

  it("plans change neither the store nor the simulated cloud", async () => {
    expect(await snapshotDir(join(t.dir, "state"))).toEqual(before);
  });

  it("quota: warns when the plan would exceed the simulated project's quota", async () => {
    const simulator = await startSimulator({ stateDir: t.config.simulatorDir, env: {} });
    await simulator.cloud.setQuotas({ cores: 1 });
    await simulator.stop();
    const run = await runCli(["plan", "--service", "nova-vm", "--plan", "small", "--json"], { env });
    expect(run.code).toBe(2);
    expect((JSON.parse(run.stdout) as PlanReport).warnings).toEqual([
      { kind: "quota", message: "quota cores would be exceeded: the plan needs 1 more cores, 1 of 1 are in use" },
    ]);
  }, 60_000);
});
