import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertNoRequestLiterals,
  catalogPlansForStack,
  checkPlanOnSimulator,
  synthesizeService,
  useTestSimulator,
} from "../../src/testing/index.js";

const plans = await catalogPlansForStack("designate-zone");
const parameters: Record<string, Record<string, unknown>> = {
  primary: { zone: "apps.example.com.", email: "dns-admin@example.com" },
  secondary: { zone: "legacy.example.com.", masters: ["192.0.2.53", "2001:db8::53"] },
};
const instanceOutputs = { zone_id: "z-1", type: "dns", provider: "openstack-designate", zone: "apps.example.com." };

describe("designate-zone", () => {
  describe.each(plans)("$service/$plan", ({ service, plan }) => {
    it("synthesizes the zone and the binding's credential", async () => {
      const instance = await synthesizeService({ service, plan, parameters: parameters[plan] });
      expect(instance.config).toMatchSnapshot("instance");
      const zone = instance.resource("openstack_dns_zone_v2");
      expect(zone).toMatchObject({ name: "${var.param_zone}", type: plan.toUpperCase(), ttl: "${var.param_ttl}" });
      if (plan === "secondary") expect(zone.masters).toBe("${var.param_masters}");
      // A SECONDARY zone is PENDING until its first transfer; the provider's create would wait for
      // ACTIVE and record nothing on a timeout (resource_openstack_dns_zone_v2.go): not waited for.
      expect(zone.disable_status_check).toBe(plan === "secondary" ? true : undefined);
      assertNoRequestLiterals(instance);
      const binding = await synthesizeService({ service, plan, kind: "binding", instanceOutputs });
      expect(binding.config).toMatchSnapshot("binding");
      const rules = binding.resource("openstack_identity_application_credential_v3").access_rules as {
        method: string;
        service: string;
      }[];
      expect(new Set(rules.map((r) => r.method))).toEqual(
        new Set(plan === "primary" ? ["GET", "POST", "PUT", "PATCH", "DELETE"] : ["GET"]),
      );
      expect(rules.every((r) => r.service === "dns")).toBe(true);
    });
  });

  it("rejects a zone name without its trailing dot", async () => {
    await expect(
      synthesizeService({
        service: "designate-zone",
        plan: "primary",
        parameters: { zone: "example.com", email: "a@example.com" },
      }),
    ).rejects.toThrow(/parameters\.zone/);
  });

  describe("on the simulator", () => {
    const simulator = useTestSimulator({ beforeAll, afterAll });

    it.each(plans)(
      "$service/$plan: provision, bind, unbind, deprovision",
      async ({ service, plan }) => {
        const result = await checkPlanOnSimulator({
          service,
          plan,
          parameters: parameters[plan],
          env: simulator.env,
          cloud: simulator.cloud,
          credentialKeys: [
            "type",
            "provider",
            "zone",
            "zone_id",
            "auth_url",
            "auth_type",
            "application_credential_id",
            "application_credential_secret",
          ],
        });
        expect(result.credentials?.zone).toBe(parameters[plan].zone);
      },
      60_000,
    );
  });
});
