import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertNoRequestLiterals,
  catalogPlansForStack,
  checkPlanOnSimulator,
  loadCatalogEntry,
  planUpdate,
  synthesizeService,
  useTestSimulator,
} from "../../src/testing/index.js";
import { synthesize } from "../../src/synth/synthesize.js";

const plans = await catalogPlansForStack("manila-share");
const instanceOutputs = {
  share_id: "sh-1",
  type: "nfs",
  provider: "openstack-manila",
  protocol: "NFS",
  export_path: "10.0.0.9:/shares/x",
};
const bindParameters: Record<string, Record<string, unknown>> = { nfs: { access_to: "10.244.0.0/16" }, cephfs: {} };

describe("manila-share", () => {
  it("offers the nfs and cephfs plans", () => {
    expect(plans.map((p) => p.plan)).toEqual(["nfs", "cephfs"]);
  });

  describe.each(plans)("$service/$plan", ({ service, plan }) => {
    it("synthesizes the share and the binding's access rule", async () => {
      const instance = await synthesizeService({ service, plan, parameters: { size: 50 } });
      expect(instance.config).toMatchSnapshot("instance");
      expect(instance.resource("openstack_sharedfilesystem_share_v2")).toMatchObject({
        share_proto: plan === "nfs" ? "NFS" : "CEPHFS",
        size: "${var.param_size}",
      });
      expect(instance.variables.param_size).toBe(50);
      const binding = await synthesizeService({
        service,
        plan,
        kind: "binding",
        instanceOutputs,
        parameters: bindParameters[plan],
      });
      expect(binding.config).toMatchSnapshot("binding");
      const access = binding.resource("openstack_sharedfilesystem_share_access_v2");
      expect(access.share_id).toBe("${var.instance_output_share_id}");
      if (plan === "nfs") expect(access).toMatchObject({ access_type: "ip", access_to: "${var.param_access_to}" });
      else
        expect(access).toMatchObject({ access_type: "cephx", access_to: "osb-${substr(sha1(var.binding_id), 0, 15)}" });
      assertNoRequestLiterals(binding);
    });
  });

  it("requires a client address to bind an NFS share", async () => {
    await expect(
      synthesizeService({ service: "manila-share", plan: "nfs", kind: "binding", instanceOutputs }),
    ).rejects.toThrow(/parameters\.access_to/);
  });

  it("puts the share on the plan's share network (Manila requires one for driver_handles_share_servers=True types)", async () => {
    const { definition, service, plan } = await loadCatalogEntry("manila-share", "nfs");
    const withNetwork = {
      ...plan,
      settings: { ...plan.settings, share_type: "dhss-true", share_network: "tenant-share-net" },
    };
    const { config } = synthesize({
      definition,
      service,
      plan: withNetwork,
      kind: "instance",
      values: plan.defaults,
      instanceId: "i",
      backend: "local",
    });
    const json = config as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
      data: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(json.data.openstack_sharedfilesystem_sharenetwork_v2.share_network).toMatchObject({
      name: "tenant-share-net",
    });
    expect(json.resource.openstack_sharedfilesystem_share_v2.share).toMatchObject({
      share_type: "dhss-true",
      share_network_id: "${data.openstack_sharedfilesystem_sharenetwork_v2.share_network.id}",
    });
    // The shipped plans name no share network: the cloud's default share type (DHSS=False) needs none.
    const shipped = await synthesizeService({ service: "manila-share", plan: "nfs" });
    expect(shipped.resource("openstack_sharedfilesystem_share_v2").share_network_id).toBeUndefined();
  });

  describe("on the simulator", () => {
    const simulator = useTestSimulator({ beforeAll, afterAll });

    const keys: Record<string, string[]> = {
      nfs: ["type", "provider", "share_id", "protocol", "export_path", "access_to", "access_level"],
      cephfs: ["type", "provider", "share_id", "protocol", "export_path", "username", "access_key", "access_level"],
    };
    it.each(plans)(
      "$service/$plan: provision, bind, unbind, deprovision",
      async ({ service, plan }) => {
        const result = await checkPlanOnSimulator({
          service,
          plan,
          bindParameters: bindParameters[plan],
          env: simulator.env,
          cloud: simulator.cloud,
          credentialKeys: keys[plan],
        });
        expect(result.bindingResources.map((r) => r.split(":")[0])).toEqual([
          "openstack_sharedfilesystem_share_access_v2",
        ]);
      },
      60_000,
    );

    it("extends a share in place", async () => {
      const update = await planUpdate({
        service: "manila-share",
        from: { plan: "nfs" },
        to: { plan: "nfs", parameters: { size: 20 } },
        env: simulator.env,
      });
      expect(update.changes.map((c) => `${c.address}: ${c.actions.join("+")}`)).toEqual([
        "openstack_sharedfilesystem_share_v2.share: update",
      ]);
    }, 60_000);
  });
});
