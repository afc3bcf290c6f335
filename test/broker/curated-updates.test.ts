import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { createCloudStore } from "../../src/simulator/cloud-store.js";
import { ROOT, startTestBroker, type TestBroker } from "../helpers/broker-fixture.js";
import { catalog } from "../helpers/service-library.js";

/**
 * Updates of the curated cinder-volume, neutron-endpoint and designate-recordset services through a
 * real broker on the simulator (their provision, bind, unbind and deprovision run in
 * service-library.test.ts with every other plan): a volume attached to a nova-vm server extends on
 * a larger plan and refuses to shrink (422, nothing changed); record sets change records in place;
 * an endpoint's ports change its rules, never its address.
 */
let t: TestBroker;
beforeAll(async () => {
  t = await startTestBroker({ env: { CATALOG_DIR: join(ROOT, "catalog"), SIMULATE: "true", CONCURRENCY: "2" } });
});
afterAll(async () => t?.close());

const cloud = (type: string) => createCloudStore({ dir: t.config.simulatorDir }).list(type);
const ids = (service: string, plan: string) => {
  const s = catalog.findService(service);
  const p = catalog.findPlan(service, plan);
  if (!s || !p) throw new Error(`${service}/${plan} is not in the catalog`);
  return { service_id: s.id, plan_id: p.id };
};

async function provision(id: string, service: string, plan: string, parameters: Record<string, unknown>) {
  const put = await t.client.put(`/v2/service_instances/${id}?accepts_incomplete=true`, {
    ...ids(service, plan),
    organization_guid: "org-1",
    space_guid: "space-1",
    parameters,
  });
  expect(put.status, await put.clone().text()).toBe(202);
  const done = await t.waitForInstance(id, 120_000);
  expect(done.body.state, String(done.body.description)).toBe("succeeded");
}

async function patch(id: string, service: string, body: Record<string, unknown>) {
  const response = await t.client.patch(`/v2/service_instances/${id}?accepts_incomplete=true`, {
    service_id: catalog.findService(service)?.id,
    ...body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function deprovision(id: string, service: string, plan: string) {
  const { service_id, plan_id } = ids(service, plan);
  const del = await t.client.delete(
    `/v2/service_instances/${id}?service_id=${service_id}&plan_id=${plan_id}&accepts_incomplete=true`,
  );
  expect(del.status).toBe(202);
  expect((await t.waitForInstance(id, 120_000)).status).toBe(410);
}

describe("updates of the curated services through the broker", () => {
  it("cinder-volume: attached to a nova-vm server, extends on a larger plan, refuses to shrink (422)", async () => {
    await provision("cv-vm", "nova-vm", "small", {});
    const bind = await t.client.put("/v2/service_instances/cv-vm/service_bindings/cv-vm-b1", {
      ...ids("nova-vm", "small"),
      app_guid: "app",
    });
    expect(bind.status).toBe(201);
    const serverId = ((await bind.json()) as { credentials: { server_id: string } }).credentials.server_id;

    await provision("cv-vol", "cinder-volume", "small", { server_id: serverId });
    const volumeBind = await t.client.put("/v2/service_instances/cv-vol/service_bindings/cv-vol-b1", {
      ...ids("cinder-volume", "small"),
      app_guid: "app",
    });
    const credentials = ((await volumeBind.json()) as { credentials: Record<string, unknown> }).credentials;
    expect(credentials).toMatchObject({ type: "volume", size_gb: 10, server_id: serverId, device: "/dev/vdb" });
    const [attachment] = await cloud("openstack_compute_volume_attach_v2");
    expect(attachment.id).toBe(`${serverId}/${credentials.volume_id}`);

    const grow = await patch("cv-vol", "cinder-volume", { plan_id: ids("cinder-volume", "medium").plan_id });
    expect(grow.status, JSON.stringify(grow.body)).toBe(202);
    expect((await t.waitForInstance("cv-vol", 120_000)).body.state).toBe("succeeded");
    const sizes = async () => (await cloud("openstack_blockstorage_volume_v3")).map((v) => v.state.size);
    expect(await sizes()).toEqual([50]);

    const shrinkPlan = await patch("cv-vol", "cinder-volume", { plan_id: ids("cinder-volume", "small").plan_id });
    expect(shrinkPlan.status).toBe(422);
    expect(shrinkPlan.body.description).toBe(
      "this update cannot be made: openstack_blockstorage_volume_v3.volume: size 50 -> 10 is refused (Cinder can only extend a volume, never shrink it)",
    );
    // A size below the plan's is the plan's (max): no change at all.
    const below = await patch("cv-vol", "cinder-volume", { parameters: { size: 20 } });
    expect(below.status, JSON.stringify(below.body)).toBe(202);
    expect((await t.waitForInstance("cv-vol", 120_000)).body.state).toBe("succeeded");
    const growSize = await patch("cv-vol", "cinder-volume", { parameters: { size: 80 } });
    expect(growSize.status, JSON.stringify(growSize.body)).toBe(202);
    expect((await t.waitForInstance("cv-vol", 120_000)).body.state).toBe("succeeded");
    expect(await sizes()).toEqual([80]);
    const shrinkSize = await patch("cv-vol", "cinder-volume", { parameters: { size: 60 } });
    expect(shrinkSize.status).toBe(422);
    expect(shrinkSize.body.description).toContain("size 80 -> 60 is refused");
    expect(await sizes()).toEqual([80]);

    const unbind = await t.client.delete(
      `/v2/service_instances/cv-vol/service_bindings/cv-vol-b1?${new URLSearchParams(ids("cinder-volume", "small"))}`,
    );
    expect(unbind.status, await unbind.clone().text()).toBe(200);
    await deprovision("cv-vol", "cinder-volume", "medium");
    expect(await cloud("openstack_compute_volume_attach_v2")).toEqual([]);
    await t.client.delete(
      `/v2/service_instances/cv-vm/service_bindings/cv-vm-b1?${new URLSearchParams(ids("nova-vm", "small"))}`,
    );
    await deprovision("cv-vm", "nova-vm", "small");
    expect(await cloud("openstack_blockstorage_volume_v3")).toEqual([]);
  });

  it("designate-recordset: records change in place; the name cannot change (400)", async () => {
    const www = {
      zone: "apps.simulator.example.",
      name: "api.apps.simulator.example.",
      type: "A",
      records: ["192.0.2.1"],
    };
    await provision("rs-1", "designate-recordset", "standard", www);
    const [before] = await cloud("openstack_dns_recordset_v2");
    const update = await patch("rs-1", "designate-recordset", { parameters: { records: ["192.0.2.2", "192.0.2.3"] } });
    expect(update.status, JSON.stringify(update.body)).toBe(202);
    expect((await t.waitForInstance("rs-1", 120_000)).body.state).toBe("succeeded");
    const [after] = await cloud("openstack_dns_recordset_v2");
    expect(after.id).toBe(before.id);
    expect([...(after.state.records as string[])].sort()).toEqual(["192.0.2.2", "192.0.2.3"]);
    const rename = await patch("rs-1", "designate-recordset", { parameters: { name: "x.apps.simulator.example." } });
    expect(rename.status).toBe(400);
    expect(rename.body.description).toContain("parameters");
    await deprovision("rs-1", "designate-recordset", "standard");
  });

  it("neutron-endpoint: ports change the rules only, the address stays", async () => {
    await provision("ep-1", "neutron-endpoint", "tcp", { allowed_cidrs: ["10.244.0.0/16"] });
    const [address] = await cloud("openstack_networking_floatingip_v2");
    const ports = await patch("ep-1", "neutron-endpoint", { parameters: { ports: [443, 6443] } });
    expect(ports.status, JSON.stringify(ports.body)).toBe(202);
    expect((await t.waitForInstance("ep-1", 120_000)).body.state).toBe("succeeded");
    expect(await cloud("openstack_networking_secgroup_rule_v2")).toHaveLength(2);
    expect((await cloud("openstack_networking_floatingip_v2")).map((r) => r.id)).toEqual([address.id]);
    await deprovision("ep-1", "neutron-endpoint", "tcp");
    expect(await cloud("openstack_networking_secgroup_v2")).toEqual([]);
  });
});
