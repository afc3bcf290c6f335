import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCloudStore } from "../../src/simulator/cloud-store.js";
import { keys } from "../../src/state/keys.js";
import { countDrift } from "../../src/state/drift-records.js";
import { ROOT, startTestBroker, testBrokerEnv, type TestBroker } from "../helpers/broker-fixture.js";
import { runCli } from "../cli/cli-harness.js";
import { catalog } from "../helpers/service-library.js";

/**
 * Drift reported, not corrected (issue 14, item 6): a Swift container provisioned on the simulator
 * is changed behind terraform's back (the simulated cloud's own state); `openstack-broker drift`
 * (a refresh-only plan through the workspace runner) reports it with the attribute, GET instance
 * returns it under metadata.attributes, and neither the cloud nor the terraform state changes.
 */
let t: TestBroker;
let env: Record<string, string>;
const extra = { CATALOG_DIR: join(ROOT, "catalog"), SIMULATE: "true" };
beforeAll(async () => {
  t = await startTestBroker({ env: extra });
  env = testBrokerEnv(t.dir, extra);
});
afterAll(async () => t?.close());

const CONTAINER = "openstack_objectstorage_container_v1";
// biome-ignore lint/suspicious/noExplicitAny: the test walks deep into parsed JSON
const json = async (response: Response) => (await response.json()) as Record<string, any>;
const drift = async (...args: string[]) => {
  const run = await runCli(["drift", ...args, "--json"], { env });
  expect(run.stderr).toBe("");
  // biome-ignore lint/suspicious/noExplicitAny: the test walks deep into parsed JSON
  return { code: run.code, report: JSON.parse(run.stdout) as { instances: Record<string, any>[] } };
};

describe("drift checks on the simulator", () => {
  it("in sync, then drifted with the attribute after a change behind terraform's back; cloud and state unchanged", async () => {
    const service = catalog.findService("swift-container")!;
    const plan = catalog.findPlan("swift-container", "standard")!;
    const put = await t.client.put("/v2/service_instances/drift-1?accepts_incomplete=true", {
      service_id: service.id,
      plan_id: plan.id,
      organization_guid: "org",
      space_guid: "space",
      parameters: {},
    });
    expect(put.status, await put.clone().text()).toBe(202);
    expect((await t.waitForInstance("drift-1", 120_000)).body.state).toBe("succeeded");
    // No check yet: GET instance carries no drift metadata.
    expect((await json(await t.client.get("/v2/service_instances/drift-1"))).metadata).toBeUndefined();

    const first = await drift("--instance", "drift-1");
    expect(first.code).toBe(0);
    expect(first.report.instances).toMatchObject([{ id: "drift-1", status: "in_sync" }]);
    expect(first.report.instances[0].checked_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

    // Behind terraform's back: the container becomes world-readable in the cloud itself.
    const cloud = createCloudStore({ dir: t.config.simulatorDir });
    const [container] = await cloud.list(CONTAINER);
    expect(container).toBeDefined();
    await cloud.put({ ...container, state: { ...container.state, container_read: ".r:*" } });
    const stateBefore = await t.broker.records.store.get(keys.tfstate({ instanceId: "drift-1" }));
    const cloudBefore = await cloud.list();

    const second = await drift("--instance", "drift-1");
    expect(second.code).toBe(2);
    expect(second.report.instances).toMatchObject([
      {
        id: "drift-1",
        status: "drifted",
        resources: [{ address: expect.stringContaining(CONTAINER), action: "update", attributes: ["container_read"] }],
      },
    ]);
    // Reported, never corrected: the cloud and the terraform state are as they were.
    expect(await cloud.list()).toEqual(cloudBefore);
    expect((await cloud.get(CONTAINER, container.id))?.state.container_read).toBe(".r:*");
    expect(await t.broker.records.store.get(keys.tfstate({ instanceId: "drift-1" }))).toEqual(stateBefore);

    // GET instance returns the stored result under metadata.attributes (no terraform started). The
    // serving broker remembers a read for up to 1 s (cached-drift-records.ts), so the result that
    // another process wrote may show a moment later: read until it is the second check's.
    let got = await json(await t.client.get("/v2/service_instances/drift-1"));
    for (
      let i = 0;
      i < 40 && got.metadata?.attributes?.drift?.checked_at !== second.report.instances[0].checked_at;
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      got = await json(await t.client.get("/v2/service_instances/drift-1"));
    }
    expect(got.metadata.attributes.drift).toMatchObject({
      status: "drifted",
      checked_at: second.report.instances[0].checked_at,
      resources: [{ action: "update", attributes: ["container_read"] }],
    });
    // --show prints the stored result without a check; the count function /metrics uses agrees.
    const shown = await drift("--show", "--instance", "drift-1");
    expect(shown.report.instances[0]).toMatchObject({
      status: "drifted",
      checked_at: got.metadata.attributes.drift.checked_at,
    });
    expect(await countDrift(t.broker.records)).toEqual({ in_sync: 0, drifted: 1, error: 0, unchecked: 0 });
  });

  it("--instance of an unknown instance is an error naming it; nothing is checked", async () => {
    const run = await runCli(["drift", "--instance", "nope"], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--instance nope: not checked: no such instance");
  });
});
