import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertNoRequestLiterals,
  catalogPlansForStack,
  checkPlanOnSimulator,
  createStackWorkspace,
  synthesizeService,
  useTestSimulator,
} from "../../src/testing/index.js";

const plans = await catalogPlansForStack("neutron-network");

describe("neutron-network", () => {
  describe.each(plans)("$service/$plan", ({ service, plan }) => {
    it("synthesizes network and subnet, and a router when routed", async () => {
      const stack = await synthesizeService({
        service,
        plan,
        parameters: { cidr: "172.16.8.0/22", dns_nameservers: ["192.0.2.10"] },
      });
      expect(stack.config).toMatchSnapshot();
      expect(stack.resource("openstack_networking_subnet_v2")).toMatchObject({
        network_id: "${openstack_networking_network_v2.network.id}",
        cidr: "${var.param_cidr}",
        dns_nameservers: "${var.param_dns_nameservers}",
      });
      expect(Object.keys(stack.resources("openstack_networking_router_v2"))).toEqual(
        plan === "routed" ? ["router"] : [],
      );
      assertNoRequestLiterals(stack);
      expect(stack.entry.definition.binding).toBeUndefined();
    });
  });

  describe("on the simulator", () => {
    const simulator = useTestSimulator({ beforeAll, afterAll });

    it.each(plans)(
      "$service/$plan: provision, bind, unbind, deprovision",
      async ({ service, plan }) => {
        const result = await checkPlanOnSimulator({
          service,
          plan,
          env: simulator.env,
          cloud: simulator.cloud,
          credentialKeys: ["type", "provider", "network_id", "network_name", "subnet_id", "cidr"],
        });
        expect(result.credentials?.cidr).toBe("10.20.0.0/24");
        expect(result.instanceResources).toHaveLength(plan === "routed" ? 4 : 2);
      },
      60_000,
    );

    it("gives VMs a network they can use by name", async () => {
      const network = await synthesizeService({
        service: "neutron-network",
        plan: "isolated",
        instanceId: "net-for-vm",
      });
      const workspace = await createStackWorkspace(network, { env: simulator.env });
      try {
        await workspace.apply();
        const name = (await workspace.output()).network_name.value as string;
        const result = await checkPlanOnSimulator({
          service: "nova-vm",
          plan: "small",
          parameters: { network: name },
          env: simulator.env,
          cloud: simulator.cloud,
          credentialKeys: ["host", "private_key"],
        });
        expect(result.credentials?.host).toMatch(/^10\.20\.0\.\d+$/);
        await workspace.destroy();
      } finally {
        await workspace.dispose();
      }
    }, 60_000);
  });
});
