import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertNoRequestLiterals,
  catalogPlansForStack,
  checkPlanOnSimulator,
  synthesizeService,
  useTestSimulator,
} from "../../src/testing/index.js";
import { heatTemplateProblems } from "../_lib/heat-template-rules.js";
import { QUEUE_TEMPLATE, SIGNED_URL_TEMPLATE } from "./templates.js";

const plans = await catalogPlansForStack("zaqar-queue");
const instanceOutputs = {
  stack_id: "st-1",
  type: "zaqar",
  provider: "openstack-zaqar",
  queue: "osb-queue-name",
  uri: null,
};

describe("zaqar-queue", () => {
  it("offers the signed-url and standard plans", () => {
    expect(plans.map((p) => p.plan)).toEqual(["signed-url", "standard"]);
  });

  describe.each(plans)("$service/$plan", ({ service, plan }) => {
    it("synthesizes a Heat stack with an OS::Zaqar::Queue, and the binding", async () => {
      const instance = await synthesizeService({ service, plan, parameters: { default_message_ttl: 600 } });
      expect(instance.config).toMatchSnapshot("instance");
      const stack = instance.resource("openstack_orchestration_stack_v1");
      expect(stack.template_opts).toEqual({ Bin: QUEUE_TEMPLATE });
      // Upstream #1833: without an environment the provider sends its working directory as one.
      expect(stack.environment_opts).toEqual({ Bin: "\n" });
      expect(stack.parameters).toEqual({
        queue_name: "osb-${var.instance_id}",
        default_message_ttl: "${tostring(var.param_default_message_ttl)}",
      });
      expect(instance.outputs).toEqual(expect.arrayContaining(["type", "provider", "queue", "uri"]));
      assertNoRequestLiterals(instance);
      const binding = await synthesizeService({ service, plan, kind: "binding", instanceOutputs });
      expect(binding.config).toMatchSnapshot("binding");
      assertNoRequestLiterals(binding);
    });
  });

  it("signs a URL per binding on the signed-url plan", async () => {
    const binding = await synthesizeService({
      service: "zaqar-queue",
      plan: "signed-url",
      kind: "binding",
      instanceOutputs,
      parameters: { ttl: 3600 },
    });
    const stack = binding.resource("openstack_orchestration_stack_v1");
    expect(stack.template_opts).toEqual({ Bin: SIGNED_URL_TEMPLATE });
    expect(stack.environment_opts).toEqual({ Bin: "\n" });
    expect(stack.parameters).toMatchObject({ queue_name: "${var.instance_output_queue}" });
    expect(binding.outputs).toEqual(["signature", "expires", "project_id", "paths", "methods"]);
  });

  it("writes templates Heat accepts and whose outputs the provider keeps (strings only, #1612)", () => {
    expect(heatTemplateProblems(QUEUE_TEMPLATE)).toEqual([]);
    expect(heatTemplateProblems(SIGNED_URL_TEMPLATE)).toEqual([]);
    // Heat's OS::Zaqar::SignedQueueURL allows GET, DELETE, PATCH, POST, PUT (no HEAD).
    expect(SIGNED_URL_TEMPLATE).toContain("methods: [GET, POST, PUT, PATCH, DELETE]");
  });

  it("limits the standard plan's application credential to the queue", async () => {
    const binding = await synthesizeService({
      service: "zaqar-queue",
      plan: "standard",
      kind: "binding",
      instanceOutputs,
    });
    const rules = binding.resource("openstack_identity_application_credential_v3").access_rules as {
      service: string;
      path: string;
    }[];
    expect(new Set(rules.map((r) => `${r.service} ${r.path}`))).toEqual(
      new Set([
        "messaging /v2/queues/${var.instance_output_queue}",
        "messaging /v2/queues/${var.instance_output_queue}/**",
      ]),
    );
  });

  describe("on the simulator", () => {
    const simulator = useTestSimulator({ beforeAll, afterAll });

    const keys: Record<string, string[]> = {
      "signed-url": ["type", "provider", "queue", "uri", "signature", "expires", "project_id", "paths", "methods"],
      standard: [
        "type",
        "provider",
        "queue",
        "uri",
        "auth_url",
        "auth_type",
        "application_credential_id",
        "application_credential_secret",
      ],
    };
    it.each(plans)(
      "$service/$plan: provision, bind, unbind, deprovision",
      async ({ service, plan }) => {
        const result = await checkPlanOnSimulator({
          service,
          plan,
          env: simulator.env,
          cloud: simulator.cloud,
          credentialKeys: keys[plan],
        });
        expect(result.instanceResources.map((r) => r.split(":")[0])).toEqual(["openstack_orchestration_stack_v1"]);
        expect(result.instanceOutputs.queue).toEqual(expect.any(String));
        if (plan === "signed-url") {
          // Header values as Zaqar reads them (URL-Paths, URL-Methods: comma-separated strings).
          expect(result.credentials?.methods).toBe("GET,POST,PUT,PATCH,DELETE");
          expect(String(result.credentials?.paths).split(",")).toEqual(
            ["messages", "claims", "subscriptions"].map((p) => `/v2/queues/${result.instanceOutputs.queue}/${p}`),
          );
        }
      },
      60_000,
    );
  });
});
