import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertNoRequestLiterals,
  checkPlanOnSimulator,
  createStackWorkspace,
  planUpdate,
  SERVICE_LIBRARY_SIMULATOR_CONFIG,
  startTestSimulator,
  synthesizeService,
  useTestSimulator,
} from "../../src/testing/index.js";

const service = "neutron-endpoint";
const plan = "tcp";
const CREDENTIALS = ["type", "provider", "floating_ip", "security_group_id", "external_network_id", "ports"];
const podsAndOffice = { allowed_cidrs: ["10.244.0.0/16", "2001:db8::/32"], ports: [443, 8443] };

describe("neutron-endpoint", () => {
  it("synthesizes a floating IP on the external network and one rule per CIDR and port", async () => {
    const instance = await synthesizeService({ service, plan, parameters: podsAndOffice });
    expect(instance.config).toMatchSnapshot("instance");
    const network = instance.dataSources("openstack_networking_network_v2").external_network as Record<string, unknown>;
    expect(network.external).toBe(true);
    expect(String(network.name)).toContain('coalesce(var.param_external_network, "public")');
    expect(instance.resource("openstack_networking_floatingip_v2").pool).toBe(
      "${data.openstack_networking_network_v2.external_network.name}",
    );
    const rule = instance.resource("openstack_networking_secgroup_rule_v2");
    expect(rule).toMatchObject({ direction: "ingress", protocol: "tcp" });
    expect(rule.count).toBe("${(length(var.param_allowed_cidrs) * length(var.param_ports))}");
    assertNoRequestLiterals(instance);
  });

  it.each([
    [{ allowed_cidrs: ["10.0.0.0"] }, /parameters\.allowed_cidrs/],
    [{ ports: [0] }, /parameters\.ports/],
    [{ ports: [] }, /parameters\.ports/],
  ])("refuses bad parameters, naming the field (%j)", async (parameters, field) => {
    await expect(synthesizeService({ service, plan, parameters })).rejects.toThrow(field);
  });

  describe("on the simulator", () => {
    const simulator = useTestSimulator({ beforeAll, afterAll });

    it("provision, bind, unbind, deprovision with the plan's defaults", async () => {
      const result = await checkPlanOnSimulator({
        service,
        plan,
        env: simulator.env,
        cloud: simulator.cloud,
        credentialKeys: CREDENTIALS,
      });
      expect(result.credentials?.floating_ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(result.credentials?.ports).toEqual([443]);
    }, 60_000);

    it("writes a rule per CIDR and port, updates them without touching the address, and refuses a network that is not external", async () => {
      const ws = await createStackWorkspace(await synthesizeService({ service, plan, parameters: podsAndOffice }), {
        env: simulator.env,
      });
      try {
        await ws.apply();
        const rules = (await simulator.cloud.list("openstack_networking_secgroup_rule_v2")).map((r) => r.state);
        expect(
          rules.map((r) => `${r.ethertype} ${r.remote_ip_prefix} ${r.port_range_min}-${r.port_range_max}`).sort(),
        ).toEqual([
          "IPv4 10.244.0.0/16 443-443",
          "IPv4 10.244.0.0/16 8443-8443",
          "IPv6 2001:db8::/32 443-443",
          "IPv6 2001:db8::/32 8443-8443",
        ]);
        const address = (await ws.output()).floating_ip.value;
        await ws.update(
          await synthesizeService({
            service,
            plan,
            action: "update",
            previous: podsAndOffice,
            parameters: { allowed_cidrs: ["10.244.0.0/16"] },
          }),
        );
        const update = await ws.plan();
        const touched = update.resourceChanges.filter((c) => c.actions.join() !== "no-op").map((c) => c.type);
        expect(new Set(touched)).toEqual(new Set(["openstack_networking_secgroup_rule_v2"]));
        await ws.apply();
        expect((await ws.output()).floating_ip.value).toBe(address);
        expect(await simulator.cloud.list("openstack_networking_secgroup_rule_v2")).toHaveLength(2);
      } finally {
        await ws.destroy();
        await ws.dispose();
      }
      const internal = await createStackWorkspace(
        await synthesizeService({ service, plan, parameters: { external_network: "private" } }),
        { env: simulator.env },
      );
      try {
        await expect(internal.plan()).rejects.toThrow(/Your query returned no results/);
      } finally {
        await internal.dispose();
      }
      expect(await simulator.cloud.list("openstack_networking_floatingip_v2")).toEqual([]);
    }, 120_000);
  });

  it("a new external network is a new address: the broker's guard refuses it without allow_replace", async () => {
    const inventory = SERVICE_LIBRARY_SIMULATOR_CONFIG.inventory ?? {};
    const simulator = await startTestSimulator({
      config: {
        inventory: {
          ...inventory,
          networks: [
            ...(inventory.networks ?? []),
            {
              id: "6f1c3b0e-2a44-4f0e-9d7a-1b2c3d4e5f60",
              name: "public-2",
              external: true,
              subnetId: "6f1c3b0e-2a44-4f0e-9d7a-1b2c3d4e5f61",
              cidr: "172.25.4.0/24",
            },
          ],
        },
      },
    });
    try {
      const update = await planUpdate({
        service,
        from: { plan },
        to: { plan, parameters: { external_network: "public-2" } },
        env: simulator.env,
      });
      expect(update.destructive).toEqual(["openstack_networking_floatingip_v2.floating_ip"]);
      expect(update.refusal).toMatch(
        /replace openstack_networking_floatingip_v2\.floating_ip \(pool forces replacement\)/,
      );
    } finally {
      await simulator.stop();
    }
  }, 120_000);
});
