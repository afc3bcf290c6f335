import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadCatalog } from "../../src/catalog/load-catalog.js";
import { createCloudStore } from "../../src/simulator/cloud-store.js";
import { ROOT, startTestBroker, type TestBroker } from "../helpers/broker-fixture.js";

/**
 * Every plan of every service in catalog/, through a real broker (real HTTP, real terraform) against
 * the OpenStack simulator: provision, bind (credentials follow the Service Binding spec: `type` and
 * `provider` at least), unbind removes exactly the binding's resources, deprovision leaves nothing in
 * the simulated cloud. (Each construct's own tests check the documented credential keys per plan.)
 */
const catalog = await loadCatalog({ catalogDir: join(ROOT, "catalog"), stacksDir: join(ROOT, "stacks") });
const plans = catalog.services.flatMap((service) => service.plans.map((plan) => ({ service, plan, name: `${service.name}/${plan.name}` })));

const template = `heat_template_version: 2018-08-31
resources:
  port: {type: OS::Neutron::Port, properties: {network: private}}
outputs:
  host: {value: {get_attr: [port, fixed_ips, 0, ip_address]}}
`;
/** Parameters a plan requires that it has no default for. */
const EXAMPLES: Record<string, { parameters?: Record<string, unknown>; bind?: Record<string, unknown> }> = {
  "designate-zone/primary": { parameters: { zone: "apps.example.com.", email: "dns-admin@example.com" } },
  "designate-zone/secondary": { parameters: { zone: "legacy.example.com.", masters: ["192.0.2.53"] } },
  "heat-stack/custom": { parameters: { template } },
  "manila-share/nfs": { bind: { access_to: "10.244.0.0/16" } },
};

let t: TestBroker;
let simulatorDir: string;
beforeAll(async () => {
  t = await startTestBroker({ env: { CATALOG_DIR: join(ROOT, "catalog"), SIMULATE: "true", CONCURRENCY: "2" } });
  simulatorDir = t.config.simulatorDir;
});
afterAll(async () => t?.close());

const cloudResources = async () => (await createCloudStore({ dir: simulatorDir }).list()).map((r) => `${r.type}:${r.id}`).sort();

describe("the service library through the broker, on the simulator", () => {
  it("offers at least 13 services and 25 plans", () => {
    expect(catalog.services.length).toBeGreaterThanOrEqual(13);
    expect(plans.length).toBeGreaterThanOrEqual(25);
  });

  it.each(plans)("$name: provision, bind, unbind, deprovision", async ({ service, plan, name }) => {
    const id = name.replace(/[^a-z0-9]+/g, "-");
    const example = EXAMPLES[name] ?? {};
    const before = await cloudResources();
    const put = await t.client.put(`/v2/service_instances/${id}?accepts_incomplete=true`, {
      service_id: service.id,
      plan_id: plan.id,
      context: { platform: "kubernetes", namespace: "apps" },
      parameters: example.parameters ?? {},
    });
    expect(put.status, await put.clone().text()).toBe(202);
    const provisioned = await t.waitForInstance(id, 120_000);
    expect(provisioned.body, name).toMatchObject({ state: "succeeded" });
    const instanceResources = (await cloudResources()).filter((r) => !before.includes(r));

    if (plan.bindable) {
      const bind = await t.client.put(`/v2/service_instances/${id}/service_bindings/b1`, {
        service_id: service.id,
        plan_id: plan.id,
        app_guid: "app",
        parameters: example.bind ?? {},
      });
      const body = (await bind.json()) as { credentials: Record<string, unknown>; description?: string };
      expect(bind.status, body.description).toBe(201);
      expect(body.credentials.type, `${name} credentials: ${Object.keys(body.credentials)}`).toEqual(expect.any(String));
      expect(body.credentials.provider).toEqual(expect.any(String));
      const bindingResources = (await cloudResources()).filter((r) => !before.includes(r) && !instanceResources.includes(r));

      const unbind = await t.client.delete(`/v2/service_instances/${id}/service_bindings/b1?service_id=${service.id}&plan_id=${plan.id}`);
      expect(unbind.status).toBe(200);
      const afterUnbind = await cloudResources();
      expect(bindingResources.filter((r) => afterUnbind.includes(r)), "unbind leaves no binding resource").toEqual([]);
      expect(instanceResources.filter((r) => !afterUnbind.includes(r)), "unbind keeps the instance's resources").toEqual([]);
    }

    const del = await t.client.delete(`/v2/service_instances/${id}?service_id=${service.id}&plan_id=${plan.id}&accepts_incomplete=true`);
    expect(del.status).toBe(202);
    expect((await t.waitForInstance(id, 120_000)).status, name).toBe(410);
    expect((await cloudResources()).filter((r) => !before.includes(r)), "deprovision leaves nothing").toEqual([]);
  });
});

describe("destructive updates of OpenStack services", () => {
  // In provider 3.4.0 an image change is an in-place rebuild (servers.Rebuild wipes the root disk,
  // resource_openstack_compute_instance_v2.go), refused from the rules table's destructiveUpdates; a
  // simulator that still plans a replacement is refused too. Either way the 422 names server and image_id.
  it("a Nova image change (a rebuild that wipes the disk) is refused with 422 naming it, then accepted with allow_replace", async () => {
    const service = catalog.findService("nova-vm")!;
    const plan = catalog.findPlan("nova-vm", "small")!;
    await t.client.put(`/v2/service_instances/vm-replace?accepts_incomplete=true`, { service_id: service.id, plan_id: plan.id, parameters: {} });
    expect((await t.waitForInstance("vm-replace", 120_000)).body.state).toBe("succeeded");
    const servers = async () => (await createCloudStore({ dir: simulatorDir }).list("openstack_compute_instance_v2")).map((r) => r.id);
    const [server] = await servers();

    const refused = await t.client.patch(`/v2/service_instances/vm-replace?accepts_incomplete=true`, { service_id: service.id, parameters: { image: "cirros-0.6.2-x86_64-disk" } });
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
