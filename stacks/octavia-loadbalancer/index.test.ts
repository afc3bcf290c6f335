import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertNoRequestLiterals,
  catalogPlansForStack,
  checkPlanOnSimulator,
  planUpdate,
  synthesizeService,
  useTestSimulator,
} from "../../src/testing/index.js";

const plans = await catalogPlansForStack("octavia-loadbalancer");
const instanceOutputs = {
  type: "loadbalancer",
  provider: "openstack-octavia",
  host: "10.0.0.30",
  port: 80,
  loadbalancer_id: "lb-1",
  pool_id: "pool-1",
};

describe("octavia-loadbalancer", () => {
  describe.each(plans)("$service/$plan", ({ service, plan }) => {
    it("synthesizes load balancer, listener and pool, and the binding's credential", async () => {
      const instance = await synthesizeService({ service, plan, parameters: { port: 8443 } });
      expect(instance.config).toMatchSnapshot("instance");
      const protocol = plan.toUpperCase();
      // Octavia refuses a VIP network without a subnet: the VIP subnet is named, the network's IPv4 one.
      expect(instance.resource("openstack_lb_loadbalancer_v2")).toMatchObject({
        vip_network_id: "${data.openstack_networking_network_v2.network.id}",
        vip_subnet_id: "${data.openstack_networking_subnet_v2.vip_subnet.id}",
      });
      expect(instance.dataSources("openstack_networking_subnet_v2").vip_subnet).toMatchObject({
        network_id: "${data.openstack_networking_network_v2.network.id}",
        ip_version: 4,
      });
      expect(instance.resource("openstack_lb_listener_v2")).toMatchObject({
        protocol,
        protocol_port: "${var.param_port}",
        loadbalancer_id: "${openstack_lb_loadbalancer_v2.loadbalancer.id}",
      });
      expect(instance.resource("openstack_lb_pool_v2")).toMatchObject({
        protocol,
        lb_method: "${var.param_lb_method}",
        listener_id: "${openstack_lb_listener_v2.listener.id}",
      });
      assertNoRequestLiterals(instance);
      const binding = await synthesizeService({ service, plan, kind: "binding", instanceOutputs });
      expect(binding.config).toMatchSnapshot("binding");
      const rules = binding.resource("openstack_identity_application_credential_v3").access_rules as { path: string }[];
      expect(rules.every((r) => r.path.includes("/lbaas/pools/${var.instance_output_pool_id}/members"))).toBe(true);
    });
  });

  it.each(plans)(
    "$service/$plan: does not offer a port change (it would replace the listener and the pool bindings use)",
    async ({ service, plan }) => {
      // protocol_port (listener) and listener_id (pool) are ForceNew in provider 3.4.0.
      await expect(
        synthesizeService({
          service,
          plan,
          action: "update",
          previous: { network: "private", port: 80, lb_method: "ROUND_ROBIN" },
          parameters: { port: 8080 },
        }),
      ).rejects.toThrow(/parameters/);
      const updated = await synthesizeService({
        service,
        plan,
        action: "update",
        previous: { network: "private", port: 80, lb_method: "ROUND_ROBIN" },
        parameters: { lb_method: "SOURCE_IP" },
      });
      expect(updated.values).toMatchObject({ port: 80, lb_method: "SOURCE_IP" });
    },
  );

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
          credentialKeys: [
            "type",
            "provider",
            "host",
            "port",
            "loadbalancer_id",
            "pool_id",
            "auth_url",
            "auth_type",
            "application_credential_id",
            "application_credential_secret",
          ],
        });
        expect(result.instanceResources.map((r) => r.split(":")[0]).sort()).toEqual([
          "openstack_lb_listener_v2",
          "openstack_lb_loadbalancer_v2",
          "openstack_lb_pool_v2",
        ]);
      },
      60_000,
    );

    it("updates lb_method in place, keeping the pool bindings depend on (the broker accepts it)", async () => {
      // A change that would replace listener or pool is refused by the broker's guard (both types are
      // stateful: src/broker/stateful-resources.test.ts); what the update schema offers replaces neither.
      const update = await planUpdate({
        service: "octavia-loadbalancer",
        from: { plan: "http" },
        to: { plan: "http", parameters: { lb_method: "LEAST_CONNECTIONS" } },
        env: simulator.env,
      });
      expect(update.changes.map((c) => `${c.address} ${c.actions.join("+")}`)).toEqual([
        "openstack_lb_pool_v2.pool update",
      ]);
      expect(update.refusal).toBeUndefined();
    }, 60_000);
  });
});
