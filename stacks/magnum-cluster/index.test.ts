import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertNoRequestLiterals,
  catalogPlansForStack,
  checkPlanOnSimulator,
  synthesizeService,
  useTestSimulator,
} from "../../src/testing/index.js";

const plans = await catalogPlansForStack("magnum-cluster");

describe("magnum-cluster", () => {
  describe.each(plans)("$service/$plan", ({ service, plan }) => {
    it("synthesizes a cluster from the operator's template", async () => {
      const stack = await synthesizeService({ service, plan, parameters: { node_count: 4 } });
      expect(stack.config).toMatchSnapshot();
      expect(stack.dataSources("openstack_containerinfra_clustertemplate_v1").template.name).toBe("k8s-default");
      expect(stack.resource("openstack_containerinfra_cluster_v1")).toMatchObject({
        cluster_template_id: "${data.openstack_containerinfra_clustertemplate_v1.template.id}",
        master_count: plan === "ha" ? 3 : 1,
        node_count: "${var.param_node_count}",
      });
      expect(stack.outputValues().kubeconfig).toBe(
        '${lookup(openstack_containerinfra_cluster_v1.cluster.kubeconfig, "raw_config", null)}',
      );
      assertNoRequestLiterals(stack);
    });
  });

  it("refuses more workers than the plan allows", async () => {
    await expect(
      synthesizeService({ service: "magnum-cluster", plan: "small", parameters: { node_count: 11 } }),
    ).rejects.toThrow(/parameters\.node_count/);
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
          credentialKeys: ["type", "provider", "cluster_id", "host", "kubeconfig"],
        });
        expect(result.credentials?.kubeconfig).toMatch(/^apiVersion: v1\nkind: Config\n/);
      },
      60_000,
    );
  });
});
