import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogPlansForStack } from "../../src/testing/catalog-entry.js";
import { checkPlanOnSimulator } from "../../src/testing/plan-check.js";
import { assertNoRequestLiterals, synthesizeService } from "../../src/testing/service-harness.js";
import { startTestSimulator, type TestSimulator } from "../../src/testing/test-simulator.js";

const plans = await catalogPlansForStack("octavia-loadbalancer");
const instanceOutputs = { type: "loadbalancer", provider: "openstack-octavia", host: "10.0.0.30", port: 80, loadbalancer_id: "lb-1", pool_id: "pool-1" };

describe("octavia-loadbalancer", () => {
  describe.each(plans)("$service/$plan", ({ service, plan }) => {
    it("synthesizes load balancer, listener and pool, and the binding's credential", async () => {
      const instance = await synthesizeService({ service, plan, parameters: { port: 8443 } });
      expect(instance.config).toMatchSnapshot("instance");
      const protocol = plan.toUpperCase();
      expect(instance.resource("openstack_lb_loadbalancer_v2").vip_network_id).toBe("${data.openstack_networking_network_v2.network.id}");
      expect(instance.resource("openstack_lb_listener_v2")).toMatchObject({ protocol, protocol_port: "${var.param_port}", loadbalancer_id: "${openstack_lb_loadbalancer_v2.loadbalancer.id}" });
      expect(instance.resource("openstack_lb_pool_v2")).toMatchObject({ protocol, lb_method: "${var.param_lb_method}", listener_id: "${openstack_lb_listener_v2.listener.id}" });
      assertNoRequestLiterals(instance);
      const binding = await synthesizeService({ service, plan, kind: "binding", instanceOutputs });
      expect(binding.config).toMatchSnapshot("binding");
      const rules = binding.resource("openstack_identity_application_credential_v3").access_rules as { path: string }[];
      expect(rules.every((r) => r.path.includes("/lbaas/pools/${var.instance_output_pool_id}/members"))).toBe(true);
    });
  });

  describe("on the simulator", () => {
    let simulator: TestSimulator;
    beforeAll(async () => void (simulator = await startTestSimulator()));
    afterAll(() => simulator?.stop());

    it.each(plans)("$service/$plan: provision, bind, unbind, deprovision", async ({ service, plan }) => {
      const result = await checkPlanOnSimulator({
        service, plan, env: simulator.env, cloud: simulator.cloud,
        credentialKeys: ["type", "provider", "host", "port", "loadbalancer_id", "pool_id", "auth_url", "auth_type", "application_credential_id", "application_credential_secret"],
      });
      expect(result.instanceResources.map((r) => r.split(":")[0]).sort()).toEqual(["openstack_lb_listener_v2", "openstack_lb_loadbalancer_v2", "openstack_lb_pool_v2"]);
    }, 60_000);
  });
});
