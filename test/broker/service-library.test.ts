import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { createCloudStore } from "../../src/simulator/cloud-store.js";
import { ROOT, startTestBroker, type TestBroker } from "../helpers/broker-fixture.js";
import { runLibraryPlan } from "../helpers/library-lifecycle.js";
import { catalog, plans } from "../helpers/service-library.js";

/**
 * Every plan of every service in catalog/, through a real broker (real HTTP, real terraform) against
 * the OpenStack simulator in reattach mode (the broker's default), with no cloud configured:
 * provision, bind (credentials follow the Service Binding spec and carry every key the construct's
 * README documents), unbind removes exactly the binding's resources, deprovision leaves nothing in
 * the simulated cloud (test/helpers/library-lifecycle.ts). service-library-launched.test.ts runs the
 * same plans with the simulator launched by terraform and a clouds.yaml.
 */
let t: TestBroker;
let simulatorDir: string;
beforeAll(async () => {
  t = await startTestBroker({ env: { CATALOG_DIR: join(ROOT, "catalog"), SIMULATE: "true", CONCURRENCY: "2" } });
  simulatorDir = t.config.simulatorDir;
});
afterAll(async () => t?.close());

const cloudResources = async () =>
  (await createCloudStore({ dir: simulatorDir }).list()).map((r) => `${r.type}:${r.id}`).sort();

describe("the service library through the broker, on the simulator", () => {
  it("offers at least 13 services and 25 plans", () => {
    expect(catalog.services.length).toBeGreaterThanOrEqual(13);
    expect(plans.length).toBeGreaterThanOrEqual(25);
  });

  it.each(plans)("$name: provision, bind, unbind, deprovision", async (entry) => {
    await runLibraryPlan(entry, {
      client: t.client,
      waitForInstance: (id) => t.waitForInstance(id, 120_000),
      readStore: (key) => t.broker.records.store.get(key),
      cloudResources,
    });
  });

  it("leaves nothing in the simulated cloud", async () => {
    expect(await cloudResources()).toEqual([]);
  });
});

describe("destructive updates of OpenStack services", () => {
  // In provider 3.4.0 an image change is an in-place rebuild (servers.Rebuild wipes the root disk,
  // resource_openstack_compute_instance_v2.go), refused from the rules table's destructiveUpdates; a
  // simulator that still plans a replacement is refused too. Either way the 422 names server and image_id.
  it("a Nova image change (a rebuild that wipes the disk) is refused with 422 naming it, then accepted with allow_replace", async () => {
    const service = catalog.findService("nova-vm")!;
    const plan = catalog.findPlan("nova-vm", "small")!;
    await t.client.put(`/v2/service_instances/vm-replace?accepts_incomplete=true`, {
      service_id: service.id,
      plan_id: plan.id,
      organization_guid: "org",
      space_guid: "space",
      parameters: {},
    });
    expect((await t.waitForInstance("vm-replace", 120_000)).body.state).toBe("succeeded");
    const servers = async () =>
      (await createCloudStore({ dir: simulatorDir }).list("openstack_compute_instance_v2")).map((r) => r.id);
    const [server] = await servers();

    const refused = await t.client.patch(`/v2/service_instances/vm-replace?accepts_incomplete=true`, {
      service_id: service.id,
      parameters: { image: "cirros-0.6.2-x86_64-disk" },
    });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { description: string }).description).toMatch(
      /update openstack_compute_instance_v2\.\S+ in place: changing image_id rebuilds/,
    );
    expect(await servers()).toEqual([server]);

    const accepted = await t.client.patch(`/v2/service_instances/vm-replace?accepts_incomplete=true`, {
      service_id: service.id,
      parameters: { image: "cirros-0.6.2-x86_64-disk", allow_replace: true },
    });
    expect(accepted.status).toBe(202);
    expect((await t.waitForInstance("vm-replace", 120_000)).body.state).toBe("succeeded");
    expect(await servers()).toHaveLength(1);
  });
});
