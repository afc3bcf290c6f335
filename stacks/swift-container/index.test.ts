import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertNoRequestLiterals,
  catalogPlansForStack,
  checkPlanOnSimulator,
  planUpdate,
  synthesizeService,
  testSecret,
  useTestSimulator,
} from "../../src/testing/index.js";

const plans = await catalogPlansForStack("swift-container");
const instanceOutputs = {
  type: "swift",
  provider: "openstack-swift",
  container: "osb-1",
  bucket: "osb-1",
  region: "RegionOne",
  uri: "https://swift.example/v1/AUTH_p/osb-1",
  object_store_url: "https://swift.example/v1/AUTH_p",
  temp_url_key: "instance-temp-url-key-value",
};

describe("swift-container", () => {
  it("offers the standard, s3 and temp-url plans", () => {
    expect(plans.map((p) => p.plan)).toEqual(["standard", "s3", "temp-url"]);
  });

  describe.each(plans)("$service/$plan", ({ service, plan }) => {
    it("synthesizes the instance and binding stacks", async () => {
      const instance = await synthesizeService({
        service,
        plan,
        parameters: { versioning: true, storage_policy: "gold-policy" },
      });
      expect(instance.config).toMatchSnapshot("instance");
      const container = instance.resource("openstack_objectstorage_container_v1");
      expect(container).toMatchObject({
        name: "osb-${var.instance_id}",
        force_destroy: true,
        storage_policy: "${var.param_storage_policy}",
      });
      expect(instance.outputs).toEqual(
        expect.arrayContaining(["type", "provider", "container", "bucket", "uri", "region"]),
      );
      assertNoRequestLiterals(instance);
      const binding = await synthesizeService({ service, plan, kind: "binding", instanceOutputs });
      expect(binding.config).toMatchSnapshot("binding");
      assertNoRequestLiterals(binding);
    });
  });

  it("restricts the standard plan's application credential to the container", async () => {
    const binding = await synthesizeService({
      service: "swift-container",
      plan: "standard",
      kind: "binding",
      instanceOutputs,
    });
    const credential = binding.resource("openstack_identity_application_credential_v3");
    const rules = credential.access_rules as { service: string; method: string; path: string }[];
    expect(rules).toHaveLength(10);
    expect(new Set(rules.map((r) => r.path))).toEqual(
      new Set(["/v1/*/${var.instance_output_container}", "/v1/*/${var.instance_output_container}/**"]),
    );
    expect(rules.every((r) => r.service === "object-store")).toBe(true);
    expect(credential.unrestricted).toBe(false);
    expect(binding.outputs).toEqual([
      "auth_url",
      "auth_type",
      "application_credential_id",
      "application_credential_secret",
    ]);
  });

  it("hands out EC2 credentials on the s3 plan", async () => {
    const binding = await synthesizeService({
      service: "swift-container",
      plan: "s3",
      kind: "binding",
      instanceOutputs,
    });
    expect(binding.resources("openstack_identity_ec2_credential_v3")).toHaveProperty("ec2");
    expect(binding.outputs).toEqual(["access_key_id", "secret_access_key", "endpoint"]);
  });

  it("sets a broker-generated Temp-URL key on the temp-url plan only", async () => {
    const tempUrl = await synthesizeService({ service: "swift-container", plan: "temp-url" });
    expect(tempUrl.resource("openstack_objectstorage_container_v1").metadata).toEqual({
      "Temp-URL-Key": "${var.secret_temp_url_key}",
    });
    expect(tempUrl.variables.secret_temp_url_key).toBe(testSecret("temp_url_key"));
    expect(tempUrl.sensitive).toContain("secret_temp_url_key");
    const standard = await synthesizeService({ service: "swift-container", plan: "standard" });
    expect(standard.resource("openstack_objectstorage_container_v1").metadata).toBeUndefined();
  });

  describe("on the simulator", () => {
    const simulator = useTestSimulator({ beforeAll, afterAll });

    const keys: Record<string, string[]> = {
      standard: [
        "type",
        "provider",
        "container",
        "bucket",
        "region",
        "uri",
        "auth_url",
        "auth_type",
        "application_credential_id",
        "application_credential_secret",
      ],
      s3: [
        "type",
        "provider",
        "container",
        "bucket",
        "region",
        "uri",
        "access_key_id",
        "secret_access_key",
        "endpoint",
      ],
      "temp-url": ["type", "provider", "container", "bucket", "region", "uri", "temp_url_key"],
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
        expect(result.instanceResources.map((r) => r.split(":")[0])).toEqual(["openstack_objectstorage_container_v1"]);
        if (plan === "temp-url") expect(result.credentials?.temp_url_key).toBe(testSecret("temp_url_key"));
      },
      60_000,
    );

    it("updates the container in place for a plan change or new parameters", async () => {
      const toTempUrl = await planUpdate({
        service: "swift-container",
        from: { plan: "standard" },
        to: { plan: "temp-url", parameters: { versioning: true } },
        env: simulator.env,
      });
      expect(toTempUrl.destructive).toEqual([]);
      expect(toTempUrl.changes.map((c) => `${c.address}: ${c.actions.join("+")}`)).toEqual([
        "openstack_objectstorage_container_v1.container: update",
      ]);
    }, 60_000);
  });
});
