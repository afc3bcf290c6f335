import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCloudStore } from "../../src/simulator/cloud-store.js";
import { ROOT, startTestBroker, type TestBroker } from "../helpers/broker-fixture.js";

/**
 * A generated resource service (RESOURCE_SERVICES, docs/resource-services.md) through a real broker
 * (real HTTP, real terraform) on the simulator: catalog, provision, bind, an in-place update, a
 * ForceNew update refused without allow_replace and applied with it, unbind, deprovision.
 */
interface OsbService {
  readonly id: string;
  readonly name: string;
  readonly plans: {
    readonly id: string;
    readonly schemas: {
      readonly service_instance: { readonly create: { readonly parameters: Record<string, unknown> } };
    };
  }[];
}

let t: TestBroker;
beforeAll(async () => {
  t = await startTestBroker({
    env: {
      CATALOG_DIR: join(ROOT, "catalog"),
      SIMULATE: "true",
      RESOURCE_SERVICES: "openstack_networking_secgroup_v2, os-compute-keypair-v2",
    },
  });
});
afterAll(async () => t?.close());

const groups = async () =>
  (await createCloudStore({ dir: t.config.simulatorDir }).list("openstack_networking_secgroup_v2")).map((r) => r.id);

describe("a generated resource service through the broker", () => {
  it("is in the catalog beside the curated services, with its generated schemas", async () => {
    const catalog = (await (await t.client.get("/v2/catalog")).json()) as { services: OsbService[] };
    const names = catalog.services.map((s) => s.name);
    expect(names).toContain("os-networking-secgroup-v2");
    expect(names).toContain("os-compute-keypair-v2");
    expect(names).toContain("nova-vm");
    expect(names).not.toContain("os-networking-network-v2");
    const service = catalog.services.find((s) => s.name === "os-networking-secgroup-v2")!;
    expect(service.id).toBe("86524f6e-23de-5f66-8866-5ae4e9f448f7");
    const create = service.plans[0].schemas.service_instance.create.parameters;
    expect(create).toMatchObject({ $schema: "http://json-schema.org/draft-07/schema#", type: "object" });
    expect(Object.keys(create.properties as object)).toEqual(expect.arrayContaining(["description", "name", "tags"]));
  });

  it("provision, bind, update in place, refuse a replacement without allow_replace, deprovision", async () => {
    const catalog = (await (await t.client.get("/v2/catalog")).json()) as { services: OsbService[] };
    const service = catalog.services.find((s) => s.name === "os-networking-secgroup-v2")!;
    const ids = { service_id: service.id, plan_id: service.plans[0].id };
    const path = "/v2/service_instances/sg1";
    const where = { organization_guid: "org-1", space_guid: "space-1" }; // REQUIRED in a provision (v2.17)

    const bad = await t.client.put(`${path}?accepts_incomplete=true`, {
      ...ids,
      ...where,
      parameters: { stateful: "yes" },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { description: string }).description).toMatch(
      /parameters\.stateful: must be boolean/,
    );

    const put = await t.client.put(`${path}?accepts_incomplete=true`, {
      ...ids,
      ...where,
      parameters: { description: "first" },
    });
    expect(put.status).toBe(202);
    expect((await t.waitForInstance("sg1", 120_000)).body.state).toBe("succeeded");
    const [group] = await groups();
    expect(group).toBeDefined();

    const bind = await t.client.put(`${path}/service_bindings/b1?accepts_incomplete=true`, ids);
    expect([201, 202]).toContain(bind.status);
    if (bind.status === 202) expect((await t.waitForBinding("sg1", "b1")).body.state).toBe("succeeded");
    const binding = (await (await t.client.get(`${path}/service_bindings/b1`)).json()) as {
      credentials: Record<string, unknown>;
    };
    expect(binding.credentials).toMatchObject({ id: group, description: "first" });
    expect(Object.keys(binding.credentials)).toEqual(
      expect.arrayContaining(["id", "description", "stateful", "all_tags"]),
    );

    const inPlace = await t.client.patch(`${path}?accepts_incomplete=true`, {
      ...ids,
      parameters: { description: "second" },
    });
    expect(inPlace.status).toBe(202);
    expect((await t.waitForInstance("sg1", 120_000)).body.state).toBe("succeeded");
    expect(await groups()).toEqual([group]);

    // delete_default_rules is ForceNew: the plan replaces the group, which the guard refuses.
    const replace = { ...ids, parameters: { delete_default_rules: true } };
    const refused = await t.client.patch(`${path}?accepts_incomplete=true`, replace);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { description: string }).description).toMatch(
      /replace openstack_networking_secgroup_v2\.resource/,
    );
    expect(await groups()).toEqual([group]);
    const accepted = await t.client.patch(`${path}?accepts_incomplete=true`, {
      ...ids,
      parameters: { delete_default_rules: true, allow_replace: true },
    });
    expect(accepted.status).toBe(202);
    expect((await t.waitForInstance("sg1", 120_000)).body.state).toBe("succeeded");
    const replaced = await groups();
    expect(replaced).toHaveLength(1);
    expect(replaced[0]).not.toBe(group);

    const unbind = await t.client.delete(
      `${path}/service_bindings/b1?service_id=${ids.service_id}&plan_id=${ids.plan_id}&accepts_incomplete=true`,
    );
    expect([200, 202]).toContain(unbind.status);
    if (unbind.status === 202) await t.waitForBinding("sg1", "b1");
    const gone = await t.client.delete(
      `${path}?service_id=${ids.service_id}&plan_id=${ids.plan_id}&accepts_incomplete=true`,
    );
    expect(gone.status).toBe(202);
    // A deprovisioned instance's last operation is 410 Gone.
    expect((await t.waitForInstance("sg1", 120_000)).status).toBe(410);
    expect(await groups()).toEqual([]);
  }, 180_000);
});
