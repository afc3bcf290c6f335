import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogPlansForStack } from "../../src/testing/catalog-entry.js";
import { checkPlanOnSimulator } from "../../src/testing/plan-check.js";
import { startTestSimulator, type TestSimulator } from "../../src/testing/test-simulator.js";
import { createStackWorkspace } from "../../src/testing/stack-workspace.js";
import { assertNoRequestLiterals, synthesizeService } from "../../src/testing/service-harness.js";

const plans = await catalogPlansForStack("nova-server");
const instanceOutputs = { server_id: "s-1", type: "ssh", provider: "openstack-nova", host: "10.0.0.7", port: 22, username: "ubuntu", private_key: "-----BEGIN KEY-----", public_key: "ssh-ed25519 AAAA" };

describe("nova-server", () => {
  it("serves virtual machines and bare metal", () => {
    expect(plans).toEqual([
      { service: "baremetal", plan: "standard" },
      { service: "nova-vm", plan: "small" },
      { service: "nova-vm", plan: "medium" },
      { service: "nova-vm", plan: "large" },
    ]);
  });

  describe.each(plans)("$service/$plan", ({ service, plan }) => {
    it("synthesizes the instance and binding stacks", async () => {
      const instance = await synthesizeService({ service, plan, parameters: { user_data: "#cloud-config\npackages: [nginx]" } });
      expect(instance.config).toMatchSnapshot("instance");
      const server = instance.resource("openstack_compute_instance_v2");
      expect(server).toMatchObject({
        name: "osb-${var.instance_id}",
        image_id: "${data.openstack_images_image_v2.image.id}",
        key_pair: "${openstack_compute_keypair_v2.keypair.name}",
        user_data: "${var.param_user_data}",
        network: [{ uuid: "${data.openstack_networking_network_v2.network.id}" }],
      });
      expect(instance.dataSources("openstack_compute_flavor_v2").flavor.name).toBe(instance.entry.plan.settings.flavor);
      expect(instance.dataSources("openstack_images_image_v2").image).toMatchObject({ name: "${var.param_image}", most_recent: true });
      expect(instance.outputs).toEqual(expect.arrayContaining(["host", "port", "username", "private_key", "server_id"]));
      assertNoRequestLiterals(instance);

      const binding = await synthesizeService({ service, plan, kind: "binding", instanceOutputs });
      expect(binding.config).toMatchSnapshot("binding");
      expect(binding.outputValues().uri).toBe("ssh://${var.instance_username}@${var.instance_host}:22");
    });
  });

  it("reports bare metal as Ironic", async () => {
    const stack = await synthesizeService({ service: "baremetal", plan: "standard" });
    expect(stack.outputValues()).toMatchObject({ type: "ssh-baremetal", provider: "openstack-ironic" });
  });

  it("rejects an invalid ssh user", async () => {
    await expect(synthesizeService({ service: "nova-vm", plan: "small", parameters: { ssh_user: "root; rm -rf" } })).rejects.toThrow(/parameters\.ssh_user/);
  });

  describe("on the simulator", () => {
    let simulator: TestSimulator;
    beforeAll(async () => void (simulator = await startTestSimulator()));
    afterAll(() => simulator?.stop());

    it.each(plans)("$service/$plan: provision, bind, unbind, deprovision", async ({ service, plan }) => {
      const keys = ["type", "provider", "host", "port", "username", "private_key", "server_id", "uri"];
      const result = await checkPlanOnSimulator({ service, plan, env: simulator.env, cloud: simulator.cloud, credentialKeys: keys });
      expect(result.instanceResources.map((r) => r.split(":")[0]).sort()).toEqual(["openstack_compute_instance_v2", "openstack_compute_keypair_v2"]);
      expect(result.credentials?.private_key).toMatch(/PRIVATE KEY/);
    }, 60_000);

    it("plans a plan change as an in-place resize and an image change as a replacement (what the broker's 422 reads)", async () => {
      const instanceId = "nova-update-check";
      const workspace = await createStackWorkspace(await synthesizeService({ service: "nova-vm", plan: "small", instanceId }), { env: simulator.env });
      try {
        await workspace.apply();
        await workspace.update(await synthesizeService({ service: "nova-vm", plan: "medium", instanceId }));
        const resize = await workspace.plan();
        expect(resize.resourceChanges.find((c) => c.type === "openstack_compute_instance_v2")?.actions).toEqual(["update"]);
        await workspace.update(await synthesizeService({ service: "nova-vm", plan: "small", instanceId, parameters: { image: "cirros-0.6.2-x86_64-disk" } }));
        const rebuild = await workspace.plan();
        expect(rebuild.resourceChanges.find((c) => c.type === "openstack_compute_instance_v2")?.actions).toEqual(["delete", "create"]);
        await workspace.destroy();
      } finally {
        await workspace.dispose();
      }
    }, 60_000);
  });
});
