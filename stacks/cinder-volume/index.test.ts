import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertNoRequestLiterals,
  catalogPlansForStack,
  checkPlanOnSimulator,
  createStackWorkspace,
  synthesizeService,
  useTestSimulator,
} from "../../src/testing/index.js";

const plans = await catalogPlansForStack("cinder-volume");
const SIZES: Record<string, number> = { small: 10, medium: 50, large: 200 };
const CREDENTIALS = ["type", "provider", "volume_id", "size_gb", "volume_type", "availability_zone"];

describe("cinder-volume", () => {
  describe.each(plans)("$service/$plan", ({ service, plan }) => {
    it("synthesizes a volume of the plan's size at least, not attached", async () => {
      const instance = await synthesizeService({ service, plan });
      expect(instance.config).toMatchSnapshot("instance");
      const volume = instance.resource("openstack_blockstorage_volume_v3");
      expect(volume.size).toBe(`\${max(${SIZES[plan]}, coalesce(var.param_size, 0))}`);
      expect(volume.enable_online_resize).toBe(true);
      expect(instance.resource("openstack_compute_volume_attach_v2").count).toBe(
        "${(var.param_server_id == null) ? 0 : 1}",
      );
      assertNoRequestLiterals(instance);
    });
  });

  it("refuses a server_id that is not a UUID, naming the parameter", async () => {
    await expect(
      synthesizeService({ service: "cinder-volume", plan: "small", parameters: { server_id: "my-vm" } }),
    ).rejects.toThrow(/parameters\.server_id/);
  });

  it("refuses a plan without a valid size_gb setting, naming plan and setting", async () => {
    const { default: definition } = await import("./index.js");
    const { cinderVolumeSettings } = await import("./index.js");
    const ctx = { plan: { serviceName: "cinder-volume", name: "odd", settings: { size_gb: 0 } } };
    expect(() => cinderVolumeSettings(ctx as never)).toThrow(
      "plan cinder-volume/odd: settings.size_gb must be an integer >= 1 (GB) (got 0)",
    );
    expect(() =>
      cinderVolumeSettings({ plan: { ...ctx.plan, settings: { size_gb: 5, volume_type: 3 } } } as never),
    ).toThrow(/settings\.volume_type must be a non-empty string/);
    expect(definition.providers).toEqual(["openstack"]);
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
          credentialKeys: CREDENTIALS,
        });
        expect(result.credentials?.size_gb).toBe(SIZES[plan]);
      },
      60_000,
    );

    it("attaches to a Nova server, extends while attached, and Cinder refuses a shrink", async () => {
      const vm = await createStackWorkspace(
        await synthesizeService({ service: "nova-vm", plan: "small", instanceId: "vol-vm" }),
        { env: simulator.env },
      );
      const ws = await createStackWorkspace(
        await synthesizeService({ service: "cinder-volume", plan: "small", instanceId: "vol-1" }),
        { env: simulator.env },
      );
      try {
        await vm.apply();
        const serverId = String((await vm.output()).server_id.value);
        const attachedTo = (parameters: Record<string, unknown>) =>
          synthesizeService({ service: "cinder-volume", plan: "small", instanceId: "vol-1", parameters });
        await ws.update(await attachedTo({ server_id: serverId, size: 20 }));
        await ws.apply();
        const outputs = await ws.output();
        expect(outputs.device.value).toBe("/dev/vdb");
        expect(outputs.size_gb.value).toBe(20);
        const volumeId = String(outputs.volume_id.value);
        expect((await simulator.cloud.list("openstack_compute_volume_attach_v2")).map((r) => r.id)).toEqual([
          `${serverId}/${volumeId}`,
        ]);

        // Extend in place while attached (enable_online_resize).
        await ws.update(await attachedTo({ server_id: serverId, size: 30 }));
        const grow = await ws.plan();
        expect(grow.resourceChanges.filter((c) => c.actions.join() !== "no-op")).toEqual([
          expect.objectContaining({ address: "openstack_blockstorage_volume_v3.volume", actions: ["update"] }),
        ]);
        await ws.apply();

        // A shrink plans as an in-place update (size is not ForceNew) and Cinder refuses it at apply.
        await ws.update(await attachedTo({ server_id: serverId, size: 15 }));
        await expect(ws.apply()).rejects.toThrow(
          "New size for extend must be greater than current size. (current: 30, extend: 15)",
        );
        // Cinder kept the volume as it was.
        expect((await simulator.cloud.get("openstack_blockstorage_volume_v3", volumeId))?.state.size).toBe(30);
      } finally {
        await ws.destroy();
        await vm.destroy();
        await ws.dispose();
        await vm.dispose();
      }
      expect(await simulator.cloud.list("openstack_blockstorage_volume_v3")).toEqual([]);
    }, 120_000);
  });
});
