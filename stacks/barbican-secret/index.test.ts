import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertNoRequestLiterals,
  catalogPlansForStack,
  checkPlanOnSimulator,
  synthesizeService,
  testSecret,
  useTestSimulator,
} from "../../src/testing/index.js";

const plans = await catalogPlansForStack("barbican-secret");
const instanceOutputs = {
  type: "barbican",
  provider: "openstack-barbican",
  secret_ref: "https://kms.example/v1/secrets/abc",
  secret_id: "abc",
};

describe("barbican-secret", () => {
  describe.each(plans)("$service/$plan", ({ service, plan }) => {
    it("stores the broker-generated value as a sensitive variable, never in the configuration", async () => {
      const instance = await synthesizeService({ service, plan, parameters: { expiration: "2030-01-01T00:00:00Z" } });
      expect(instance.config).toMatchSnapshot("instance");
      const secret = instance.resource("openstack_keymanager_secret_v1");
      expect(secret.payload).toBe(plan === "aes-256" ? "${base64encode(var.secret_payload)}" : "${var.secret_payload}");
      expect(secret.secret_type).toBe(plan === "aes-256" ? "symmetric" : "passphrase");
      expect(instance.variables.secret_payload).toBe(testSecret("payload"));
      expect(instance.sensitive).toContain("secret_payload");
      assertNoRequestLiterals(instance);
      const binding = await synthesizeService({ service, plan, kind: "binding", instanceOutputs });
      expect(binding.config).toMatchSnapshot("binding");
      const rules = binding.resource("openstack_identity_application_credential_v3").access_rules as {
        method: string;
        path: string;
      }[];
      expect(rules.map((r) => `${r.method} ${r.path}`)).toEqual([
        "GET /v1/secrets/${var.instance_output_secret_id}",
        "GET /v1/secrets/${var.instance_output_secret_id}/payload",
      ]);
    });
  });

  it("refuses an expiration that is not a date-time", async () => {
    await expect(
      synthesizeService({ service: "barbican-secret", plan: "aes-256", parameters: { expiration: "tomorrow" } }),
    ).rejects.toThrow(/parameters\.expiration/);
  });

  describe("on the simulator", () => {
    const simulator = useTestSimulator({ beforeAll, afterAll });

    it.each(plans)(
      "$service/$plan: provision, bind, unbind, deprovision",
      async ({ service, plan }) => {
        await checkPlanOnSimulator({
          service,
          plan,
          env: simulator.env,
          cloud: simulator.cloud,
          credentialKeys: [
            "type",
            "provider",
            "secret_ref",
            "secret_id",
            "auth_url",
            "auth_type",
            "application_credential_id",
            "application_credential_secret",
          ],
        });
      },
      60_000,
    );
  });
});
