import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTestSimulator, REQUIRED_PROVIDERS } from "../../../test/helpers/simulator-harness.js";

describe("Nova volume attachments and Cinder extends", () => {
  it("Nova refuses an unknown server (404); an attached volume extends only with enable_online_resize", async () => {
    const simulator = await createTestSimulator();
    const config = (volume: Record<string, unknown>, attach: Record<string, unknown>) => ({
      provider: { openstack: [{}] },
      resource: {
        openstack_compute_instance_v2: { vm: { name: "vm", flavor_name: "m1.tiny", image_name: "ubuntu-22.04" } },
        openstack_blockstorage_volume_v3: { data: { size: 1, ...volume } },
        openstack_compute_volume_attach_v2: {
          attach: { volume_id: "${openstack_blockstorage_volume_v3.data.id}", ...attach },
        },
      },
    });
    try {
      const unknown = await simulator.workdir(
        config({}, { instance_id: "00000000-0000-4000-8000-000000000001" }) as never,
      );
      expect((await simulator.terraform(unknown, "init", "-input=false", "-no-color")).exitCode).toBe(0);
      const refused = await simulator.terraform(unknown, "apply", "-auto-approve", "-no-color");
      expect(refused.exitCode).toBe(1);
      expect(refused.stderr).toContain(
        "Error creating openstack_compute_volume_attach_v2 00000000-0000-4000-8000-000000000001: Expected HTTP response code [200]",
      );
      expect(refused.stderr).toContain("Instance 00000000-0000-4000-8000-000000000001 could not be found.");
      expect((await simulator.terraform(unknown, "destroy", "-auto-approve", "-no-color")).exitCode).toBe(0);

      const dir = await simulator.workdir(
        config({}, { instance_id: "${openstack_compute_instance_v2.vm.id}" }) as never,
      );
      expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
      expect((await simulator.terraform(dir, "apply", "-auto-approve", "-no-color")).exitCode).toBe(0);
      const [attachment] = await simulator.cloud.list("openstack_compute_volume_attach_v2");
      expect(attachment.state.device).toBe("/dev/vdb");
      expect(attachment.id).toBe(`${attachment.state.instance_id}/${attachment.state.volume_id}`);

      // resourceBlockStorageVolumeV3Update: an in-use volume extends only with enable_online_resize.
      const rewrite = (volume: Record<string, unknown>) =>
        writeFile(
          join(dir, "main.tf.json"),
          JSON.stringify({
            ...config(volume, { instance_id: "${openstack_compute_instance_v2.vm.id}" }),
            terraform: { required_providers: REQUIRED_PROVIDERS },
          }),
        );
      await rewrite({ size: 2 });
      const offline = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
      expect(offline.exitCode).toBe(1);
      expect(offline.stderr).toContain("resizing online is disabled");
      await rewrite({ size: 2, enable_online_resize: true });
      expect((await simulator.terraform(dir, "apply", "-auto-approve", "-no-color")).exitCode).toBe(0);
      const [volume] = await simulator.cloud.list("openstack_blockstorage_volume_v3");
      expect(volume.state.size).toBe(2);
      expect((await simulator.terraform(dir, "destroy", "-auto-approve", "-no-color")).exitCode).toBe(0);
      expect(await simulator.cloud.list()).toEqual([]);
    } finally {
      await simulator.cleanup();
    }
  });
});
