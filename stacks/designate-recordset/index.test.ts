import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertNoRequestLiterals,
  checkPlanOnSimulator,
  createStackWorkspace,
  synthesizeService,
  useTestSimulator,
} from "../../src/testing/index.js";

const service = "designate-recordset";
const plan = "standard";
// The simulator's inventory zone (src/simulator/inventory.ts), delegated before any stack.
const ZONE = "apps.simulator.example.";
const www = { zone: ZONE, name: `www.${ZONE}`, type: "A", records: ["192.0.2.10", "192.0.2.11"] };
const CREDENTIALS = ["type", "provider", "fqdn", "record_type", "records", "zone_id", "ttl"];

describe("designate-recordset", () => {
  it("synthesizes a record set whose zone is looked up by name, or taken as an id", async () => {
    const instance = await synthesizeService({ service, plan, parameters: www });
    expect(instance.config).toMatchSnapshot("instance");
    const zone = instance.dataSources("openstack_dns_zone_v2").zone as Record<string, unknown>;
    expect(zone).toMatchObject({ name: "${var.param_zone}" });
    expect(String(zone.count)).toContain("can(regex(");
    expect(instance.resource("openstack_dns_recordset_v2")).toMatchObject({
      name: "${var.param_name}",
      type: "${var.param_type}",
      records: "${var.param_records}",
    });
    expect(String(instance.resource("openstack_dns_recordset_v2").zone_id)).toContain(
      "one(data.openstack_dns_zone_v2.zone[*].id)",
    );
    assertNoRequestLiterals(instance);
  });

  it.each([
    [{ ...www, name: "www" }, /parameters\.name/],
    [{ ...www, type: "BOGUS" }, /parameters\.type/],
    [{ ...www, records: [] }, /parameters\.records/],
    [{ ...www, zone: "no-trailing-dot.example" }, /parameters\.zone/],
  ])("refuses bad parameters, naming the field (%j)", async (parameters, field) => {
    await expect(synthesizeService({ service, plan, parameters })).rejects.toThrow(field);
  });

  it("refuses changing the name or type on update (ForceNew: a new instance)", async () => {
    await expect(
      synthesizeService({ service, plan, action: "update", previous: www, parameters: { type: "AAAA" } }),
    ).rejects.toThrow(/parameters/);
  });

  describe("on the simulator", () => {
    const simulator = useTestSimulator({ beforeAll, afterAll });

    it("provision, bind, unbind, deprovision with the zone by name", async () => {
      const result = await checkPlanOnSimulator({
        service,
        plan,
        parameters: www,
        env: simulator.env,
        cloud: simulator.cloud,
        credentialKeys: CREDENTIALS,
      });
      expect(result.credentials).toMatchObject({
        fqdn: `www.${ZONE}`,
        record_type: "A",
        records: ["192.0.2.10", "192.0.2.11"],
        ttl: 3600,
      });
    }, 60_000);

    it("takes the zone by id, updates records in place, and Designate refuses a name outside the zone", async () => {
      const config = await simulator.cloud.config();
      const zoneId = config.inventory.dnsZones?.[0]?.id ?? "";
      const txt = { zone: zoneId, name: `_acme.${ZONE}`, type: "TXT", records: ['"v=1"'], ttl: 300 };
      const ws = await createStackWorkspace(await synthesizeService({ service, plan, parameters: txt }), {
        env: simulator.env,
      });
      try {
        await ws.apply();
        expect((await ws.output()).zone_id.value).toBe(zoneId);
        await ws.update(
          await synthesizeService({
            service,
            plan,
            action: "update",
            previous: txt,
            parameters: { records: ['"v=2"'] },
          }),
        );
        const update = await ws.plan();
        expect(update.resourceChanges.filter((c) => c.actions.join() !== "no-op")).toEqual([
          expect.objectContaining({ address: "openstack_dns_recordset_v2.recordset", actions: ["update"] }),
        ]);
        await ws.apply();
        expect((await ws.output()).records.value).toEqual(['"v=2"']);
      } finally {
        await ws.destroy();
        await ws.dispose();
      }
      const outside = await createStackWorkspace(
        await synthesizeService({ service, plan, parameters: { ...www, name: "www.elsewhere.example." } }),
        { env: simulator.env },
      );
      try {
        await expect(outside.apply()).rejects.toThrow(/invalid_recordset_location/);
      } finally {
        await outside.dispose();
      }
      const unknown = await createStackWorkspace(
        await synthesizeService({ service, plan, parameters: { ...www, zone: "missing.example." } }),
        { env: simulator.env },
      );
      try {
        await expect(unknown.plan()).rejects.toThrow(/Your query returned no results/);
      } finally {
        await unknown.dispose();
      }
      expect(await simulator.cloud.list("openstack_dns_recordset_v2")).toEqual([]);
    }, 120_000);
  });
});
