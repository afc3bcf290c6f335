import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { synthesize } from "../../src/synth/synthesize.js";
import {
  assertNoRequestLiterals,
  catalogPlansForStack,
  checkPlanOnSimulator,
  createStackWorkspace,
  loadCatalogEntry,
  synthesizeService,
  useTestSimulator,
} from "../../src/testing/index.js";

const plans = await catalogPlansForStack("trove-backup-target");
const instanceOutputs = {
  type: "trove-backup",
  provider: "openstack-swift",
  container: "osb-1",
  storage_url: "https://swift.example/v1/AUTH_p/osb-1",
  region: "RegionOne",
  database_url: "https://trove.example/v1.0/p",
};
const KEYS = [
  "type",
  "provider",
  "container",
  "storage_url",
  "region",
  "database_url",
  "auth_url",
  "auth_type",
  "application_credential_id",
  "application_credential_secret",
];

describe("trove-backup-target", () => {
  it("offers the retain and disposable plans", () => {
    expect(plans.map((p) => p.plan)).toEqual(["retain", "disposable"]);
  });

  describe.each(plans)("$service/$plan", ({ service, plan }) => {
    it("synthesizes a container and a restricted credential", async () => {
      const instance = await synthesizeService({ service, plan, parameters: { storage_policy: "gold" } });
      expect(instance.config).toMatchSnapshot("instance");
      expect(instance.resource("openstack_objectstorage_container_v1")).toMatchObject({
        name: "osb-${var.instance_id}",
        storage_policy: "${var.param_storage_policy}",
        force_destroy: plan === "disposable",
      });
      assertNoRequestLiterals(instance);
      const binding = await synthesizeService({ service, plan, kind: "binding", instanceOutputs });
      expect(binding.config).toMatchSnapshot("binding");
      const credential = binding.resource("openstack_identity_application_credential_v3");
      expect(credential.unrestricted).toBe(false);
      const rules = credential.access_rules as { service: string; method: string; path: string }[];
      expect(new Set(rules.map((r) => r.service))).toEqual(new Set(["database", "object-store"]));
      // Swift: this container only; Trove: backups, and instances read-only.
      expect(
        rules
          .filter((r) => r.service === "object-store")
          .every((r) => r.path.includes("${var.instance_output_container}")),
      ).toBe(true);
      expect(
        rules.filter((r) => r.path.includes("/instances")).every((r) => r.method === "GET"),
        "no instance may be created, changed or deleted",
      ).toBe(true);
      expect(binding.outputs).toEqual([
        "auth_url",
        "auth_type",
        "application_credential_id",
        "application_credential_secret",
      ]);
    });
  });

  it("refuses a plan whose delete_backups setting is missing, naming the setting", async () => {
    const { definition, service, plan } = await loadCatalogEntry("trove-backup-target", "retain");
    expect(() =>
      synthesize({
        definition,
        service,
        plan: { ...plan, settings: {} },
        kind: "instance",
        values: {},
        instanceId: "i",
        backend: "local",
      }),
    ).toThrow(/delete_backups/);
  });

  it("refuses an unknown parameter, naming it", async () => {
    await expect(
      synthesizeService({ service: "trove-backup-target", plan: "retain", parameters: { versioning: true } }),
    ).rejects.toThrow(/versioning/);
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
          credentialKeys: KEYS,
        });
        expect(result.instanceResources.map((r) => r.split(":")[0])).toEqual(["openstack_objectstorage_container_v1"]);
        expect(result.bindingResources.map((r) => r.split(":")[0])).toEqual([
          "openstack_identity_application_credential_v3",
        ]);
        expect(String(result.credentials?.storage_url)).toMatch(/\/v1\/AUTH_[0-9a-f]+\/osb-/);
        expect(String(result.credentials?.database_url)).toMatch(/\/v1\.0\/[0-9a-f]+$/);
      },
      60_000,
    );

    // A backup Trove wrote: an object in the container that the instance stack does not manage.
    const backupObject = (container: string) =>
      ({
        config: {
          terraform: {
            required_providers: { openstack: { source: "terraform-provider-openstack/openstack", version: "3.4.0" } },
          },
          provider: { openstack: [{}] },
          resource: {
            openstack_objectstorage_object_v1: {
              backup: { container_name: container, name: "db.xbstream", content: "x" },
            },
          },
        },
        variables: {},
        sensitive: [],
        outputs: [],
      }) as unknown as Parameters<typeof createStackWorkspace>[0];

    it.each(plans)(
      "$service/$plan: deprovision with a backup in the container",
      async ({ service, plan }) => {
        const instanceId = `backups-${plan}`;
        const stack = await synthesizeService({ service, plan, instanceId });
        const instance = await createStackWorkspace(stack, { env: simulator.env });
        const backup = await createStackWorkspace(backupObject(`osb-${instanceId}`), { env: simulator.env });
        try {
          expect((await instance.apply()).exitCode).toBe(0);
          expect((await backup.apply()).exitCode).toBe(0);
          const destroy = instance.destroy();
          if (plan === "disposable") {
            expect((await destroy).exitCode).toBe(0);
            expect(await simulator.cloud.list()).toEqual([]);
            return;
          }
          // retain: Swift's 409 names the container; nothing is lost until the backups are deleted.
          await expect(destroy).rejects.toThrow(
            `error deleting objectstorage_container_v1 'osb-${instanceId}' osb-${instanceId}: Expected HTTP response code [202 204]`,
          );
          expect((await simulator.cloud.list()).map((r) => r.type).sort()).toEqual([
            "openstack_objectstorage_container_v1",
            "openstack_objectstorage_object_v1",
          ]);
          expect((await backup.destroy()).exitCode).toBe(0);
          expect((await instance.destroy()).exitCode).toBe(0);
          expect(await simulator.cloud.list()).toEqual([]);
        } finally {
          await backup.dispose();
          await instance.dispose();
        }
      },
      60_000,
    );
  });
});
