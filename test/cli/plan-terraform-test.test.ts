import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  provisionBody,
  startTestBroker,
  testBrokerEnv,
  SERVICE_ID,
  OTHER_PLAN_ID,
  type TestBroker,
} from "../helpers/broker-fixture.js";
import { renderPlan } from "../../src/cli/commands/render-plan.js";
import type { PlanReport } from "../../src/broker/dry-run/plan-report.js";
import { expectGolden, normalize, runCli, snapshotDir } from "./cli-harness.js";

/**
 * `plan` against a real broker's store (terraform-test service: terraform built-ins only): a create,
 * a no-op, an in-place update, a replacement the broker would refuse — golden human and JSON output —
 * and the store byte-identical afterwards.
 */
describe("openstack-broker plan (terraform-test)", () => {
  let t: TestBroker;
  let env: Record<string, string>;
  let before: Record<string, string>;

  beforeAll(async () => {
    t = await startTestBroker();
    env = testBrokerEnv(t.dir);
    const response = await t.client.put(
      "/v2/service_instances/db1?accepts_incomplete=true",
      provisionBody({ message: "hello" }),
    );
    expect(response.status).toBe(202);
    expect((await t.waitForInstance("db1")).body.state).toBe("succeeded");
    before = await snapshotDir(`${t.dir}/state`);
  }, 60_000);
  afterAll(() => t?.close());

  const plan = async (name: string, args: string[]) => {
    const run = await runCli(["plan", ...args, "--json"], { env });
    expect(run.stderr).not.toContain("openstack-broker:");
    const report = JSON.parse(run.stdout) as PlanReport;
    await expectGolden(`${name}.json`, normalize(run.stdout, [t.dir]));
    await expectGolden(`${name}.txt`, normalize(renderPlan(report), [t.dir]));
    return { run, report };
  };

  it("create: what a provision request would build, exit 2", async () => {
    const { run, report } = await plan("tt-create", [
      "--service",
      "terraform-test",
      "--plan",
      "default",
      "--params",
      '{"message":"hi"}',
      "--instance-id",
      "new1",
    ]);
    expect(run.code).toBe(2);
    expect(report.kind).toBe("create");
    expect(report.summary).toEqual({ create: 2, update: 0, replace: 0, delete: 0 });
    expect(report.credentials).toEqual(["binding_id", "message"]);
    expect(report.target.kind).toBe("none");
    // The human output of the CLI is the rendering of the same report; progress went to stderr.
    const human = await runCli(
      [
        "plan",
        "--service",
        "terraform-test",
        "--plan",
        "default",
        "--params",
        '{"message":"hi"}',
        "--instance-id",
        "new1",
      ],
      { env },
    );
    expect(human.code).toBe(2);
    expect(human.stdout).toBe(renderPlan(report));
    expect(human.stderr).toContain("planned: create terraform_data.message");
  }, 60_000);

  it("no-op: an update that changes nothing, exit 0", async () => {
    const { run, report } = await plan("tt-noop", ["--instance", "db1"]);
    expect(run.code).toBe(0);
    expect(report).toMatchObject({ kind: "update", has_changes: false, resources: [], refused: null });
  }, 60_000);

  it("in-place update: a new message, exit 2, accepted", async () => {
    const { run, report } = await plan("tt-update", ["--instance", "db1", "--params", '{"message":"bye"}']);
    expect(run.code).toBe(2);
    expect(report.resources.map((r) => `${r.action} ${r.address}`)).toEqual(["update terraform_data.message"]);
    expect(report.resources[0].attributes.find((a) => a.name === "input")).toMatchObject({
      before: "hello",
      after: "bye",
    });
    expect(report.refused).toBeNull();
  }, 60_000);

  it("replacement: a plan change that replaces the stateful resource, refused exactly as the broker refuses it", async () => {
    const { run, report } = await plan("tt-replace", ["--instance", "db1", "--plan", "other"]);
    expect(run.code).toBe(2);
    expect(report.resources.find((r) => r.address === "terraform_data.message")).toMatchObject({
      action: "replace",
      stateful: true,
    });
    expect(report.warnings.map((w) => w.kind)).toEqual(["stateful"]);
    const patch = await t.client.patch("/v2/service_instances/db1?accepts_incomplete=true", {
      service_id: SERVICE_ID,
      plan_id: OTHER_PLAN_ID,
    });
    expect(patch.status).toBe(422);
    expect(report.refused).toEqual({
      status: 422,
      description: ((await patch.json()) as { description: string }).description,
    });

    const allowed = await runCli(
      ["plan", "--instance", "db1", "--plan", "other", "--params", '{"allow_replace":true}', "--json"],
      { env },
    );
    expect(allowed.code).toBe(2);
    expect(JSON.parse(allowed.stdout)).toMatchObject({
      refused: null,
      warnings: [{ kind: "stateful", address: "terraform_data.message" }],
    });
  }, 60_000);

  it("plan never changes the store: byte-identical after every plan above", async () => {
    expect(await snapshotDir(`${t.dir}/state`)).toEqual(before);
  });
});
