import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertNoRequestLiterals,
  catalogPlansForStack,
  checkPlanOnSimulator,
  synthesizeService,
  useTestSimulator,
} from "../../src/testing/index.js";

const plans = await catalogPlansForStack("keystone-app-credential");
const instanceOutputs = {
  type: "openstack",
  provider: "openstack-keystone",
  project_id: "p-1",
  project_name: "apps",
  region: "RegionOne",
  auth_url: null,
};

describe("keystone-app-credential", () => {
  describe.each(plans)("$service/$plan", ({ service, plan }) => {
    it("creates nothing for the instance and a credential with the plan's roles per binding", async () => {
      const instance = await synthesizeService({ service, plan });
      expect(instance.config).toMatchSnapshot("instance");
      expect(instance.config.resource).toBeUndefined();
      expect(instance.outputs).toEqual(["type", "provider", "project_id", "project_name", "region", "auth_url"]);
      const binding = await synthesizeService({
        service,
        plan,
        kind: "binding",
        instanceOutputs,
        parameters: { expires_at: "2031-06-30T00:00:00Z" },
      });
      expect(binding.config).toMatchSnapshot("binding");
      expect(binding.resource("openstack_identity_application_credential_v3")).toMatchObject({
        roles: [plan],
        unrestricted: false,
        expires_at: "${var.param_expires_at}",
      });
      assertNoRequestLiterals(binding);
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
          instanceHasResources: false,
          credentialKeys: [
            "type",
            "provider",
            "project_id",
            "project_name",
            "region",
            "auth_url",
            "auth_type",
            "application_credential_id",
            "application_credential_secret",
          ],
        });
        expect(result.bindingResources.map((r) => r.split(":")[0])).toEqual([
          "openstack_identity_application_credential_v3",
        ]);
      },
      60_000,
    );
  });
});
