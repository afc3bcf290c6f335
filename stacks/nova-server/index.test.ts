import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertNoRequestLiterals,
  catalogPlansForStack,
  checkPlanOnSimulator,
  createStackWorkspace,
  evaluateHcl,
  planUpdate,
  synthesizeService,
  useTestSimulator,
} from "../../src/testing/index.js";
import { INSTALL_SCRIPT } from "./sync-keys.js";

const plans = await catalogPlansForStack("nova-server");
const instanceOutputs = {
  server_id: "s-1",
  type: "ssh",
  provider: "openstack-nova",
  host: "10.0.0.7",
  port: 22,
  username: "ubuntu",
  keys_container: "osb-keys-0123456789abcdef0123",
};

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
      const instance = await synthesizeService({
        service,
        plan,
        parameters: { user_data: "#cloud-config\npackages: [nginx]" },
      });
      expect(instance.config).toMatchSnapshot("instance");
      const server = instance.resource("openstack_compute_instance_v2");
      expect(server).toMatchObject({
        name: "osb-${var.instance_id}",
        image_id: "${data.openstack_images_image_v2.image.id}",
        key_pair: "${openstack_compute_keypair_v2.keypair.name}",
        network: [{ uuid: "${data.openstack_networking_network_v2.network.id}" }],
      });
      expect(instance.dataSources("openstack_compute_flavor_v2").flavor.name).toBe(instance.entry.plan.settings.flavor);
      expect(instance.dataSources("openstack_images_image_v2").image).toMatchObject({
        name: "${var.param_image}",
        most_recent: true,
      });
      expect(instance.outputs).toEqual(
        expect.arrayContaining(["host", "port", "username", "server_id", "keys_container"]),
      );
      expect(server.user_data).toMatch(/^\$\{\(var\.param_user_data == null\) \? replace\(replace\("#!\/bin\/sh/);
      expect(instance.resource("openstack_objectstorage_container_v1")).toMatchObject({
        container_read: ".r:*,.rlistings",
        force_destroy: true,
      });
      assertNoRequestLiterals(instance);

      const binding = await synthesizeService({ service, plan, kind: "binding", instanceOutputs });
      expect(binding.config).toMatchSnapshot("binding");
      expect(binding.outputValues().uri).toBe("ssh://${var.instance_output_username}@${var.instance_output_host}:22");
      expect(binding.resource("openstack_compute_keypair_v2").name).toMatch(/var\.binding_id/);
      expect(instance.resource("openstack_compute_keypair_v2").name).toMatch(/var\.instance_id/);
      expect(binding.resource("openstack_objectstorage_object_v1")).toMatchObject({
        container_name: "${var.instance_output_keys_container}",
        name: "${sha1(var.binding_id)}.pub",
        content: "${openstack_compute_keypair_v2.keypair.public_key}",
      });
    });
  });

  it("names key pairs within Nova's charset whatever the platform's ids hold", async () => {
    // The provider creates key pairs with microversion 2.1 (resource_openstack_compute_keypair_v2.go);
    // below 2.92 Nova accepts only [a-zA-Z0-9 _-] in a key pair's name, at most 255 characters.
    const nova = /^[a-zA-Z0-9 _-]{1,255}$/;
    const binding = await synthesizeService({ service: "nova-vm", plan: "small", kind: "binding", instanceOutputs });
    const expression = String(binding.resource("openstack_compute_keypair_v2").name).replace(/^\$\{|\}$/g, "");
    const nameFor = (id: string) => evaluateHcl({ expression, variables: { binding_id: id } });
    // A UUID (what Kubernetes and Cloud Foundry send) keeps the name it always had: no key pair replaced.
    expect(await nameFor("0f8e5d3c-9a2b-4c1d-8e7f-6a5b4c3d2e1f")).toBe("osb-0f8e5d3c-9a2b-4c1d-8e7f-6a5b4c3d2e1f");
    for (const id of ["app.v1", "svc/binding:1", "x".repeat(300), "ünïcode"]) {
      const name = (await nameFor(id)) as string;
      expect(name, id).toMatch(nova);
      expect(name, id).toMatch(/^osb-[0-9a-f]{40}$/);
    }
    expect(await nameFor("app.v1")).not.toBe(await nameFor("app-v1"));
  });

  it("reports bare metal as Ironic", async () => {
    const stack = await synthesizeService({ service: "baremetal", plan: "standard" });
    expect(stack.outputValues()).toMatchObject({ type: "ssh-baremetal", provider: "openstack-ironic" });
  });

  it("rejects an invalid ssh user", async () => {
    await expect(
      synthesizeService({ service: "nova-vm", plan: "small", parameters: { ssh_user: "root; rm -rf" } }),
    ).rejects.toThrow(/parameters\.ssh_user/);
  });

  describe("on the simulator", () => {
    const simulator = useTestSimulator({ beforeAll, afterAll });

    it.each(plans)(
      "$service/$plan: provision, bind, unbind, deprovision",
      async ({ service, plan }) => {
        const keys = ["type", "provider", "host", "port", "username", "private_key", "public_key", "server_id", "uri"];
        const result = await checkPlanOnSimulator({
          service,
          plan,
          env: simulator.env,
          cloud: simulator.cloud,
          credentialKeys: keys,
        });
        expect(result.instanceResources.map((r) => r.split(":")[0]).sort()).toEqual([
          "openstack_compute_instance_v2",
          "openstack_compute_keypair_v2",
          "openstack_objectstorage_container_v1",
        ]);
        expect(result.bindingResources.map((r) => r.split(":")[0]).sort()).toEqual([
          "openstack_compute_keypair_v2",
          "openstack_objectstorage_object_v1",
        ]);
        expect(result.credentials?.private_key).toMatch(/PRIVATE KEY/);
      },
      60_000,
    );

    it("plans a plan change as an in-place resize, and the broker refuses an image change (a rebuild that wipes the disk)", async () => {
      const server = (c: { address: string }) => c.address === "openstack_compute_instance_v2.server";
      const resize = await planUpdate({
        service: "nova-vm",
        from: { plan: "small" },
        to: { plan: "medium" },
        env: simulator.env,
      });
      expect(resize.changes.find(server)?.actions).toEqual(["update"]);
      expect(resize.refusal).toBeUndefined();
      // In provider 3.4.0 image_id is not ForceNew: terraform plans an in-place update and the provider
      // calls servers.Rebuild (resource_openstack_compute_instance_v2.go), wiping the root disk. The
      // broker refuses it from the rules table's destructiveUpdates (a replacement, what simulators
      // without the rules table plan, is refused too).
      const rebuild = await planUpdate({
        service: "nova-vm",
        from: { plan: "small" },
        to: { plan: "small", parameters: { image: "cirros-0.6.2-x86_64-disk" } },
        env: simulator.env,
      });
      expect(rebuild.destructive).toEqual(["openstack_compute_instance_v2.server"]);
      expect(rebuild.refusal).toMatch(/openstack_compute_instance_v2\.server .*image_id.*allow_replace/);
    }, 60_000);

    it("boots the server with the key agent's installer, then the request's own user data", async () => {
      const userData = '#!/bin/sh\necho "${not terraform}" > /tmp/hello\n';
      const stack = await synthesizeService({
        service: "nova-vm",
        plan: "small",
        instanceId: "user-data-check",
        parameters: { user_data: userData, ssh_user: "debian" },
      });
      const workspace = await createStackWorkspace(stack, { env: simulator.env });
      try {
        await workspace.apply();
        const server = (await simulator.cloud.list("openstack_compute_instance_v2")).find(
          (r) => r.state.name === "osb-user-data-check",
        );
        // Nova receives the text; terraform's state keeps its SHA-1 (user_data's StateFunc,
        // resource_openstack_compute_instance_v2.go), as the simulated cloud's record shows.
        const text = server?.received?.user_data as string;
        expect(server?.state.user_data).toBe(createHash("sha1").update(text).digest("hex"));
        // The agent reads the keys container through the object-store endpoint of the service catalog.
        const url = /printf "[^"]*" '([^']*)' 'debian'/.exec(text)?.[1];
        expect(url).toMatch(/^https?:\/\/[^/]+\/v1\/AUTH_[0-9a-f]+\/osb-keys-[0-9a-f]{20}$/);
        const install = INSTALL_SCRIPT.replace("@@URL@@", url!).replace("@@USER@@", "debian");
        expect(text).toContain(
          `Content-Type: text/x-shellscript; charset="utf-8"\n\n${install}\n--osb-user-data-boundary`,
        );
        expect(text).toContain(`\n\n${userData}\n--osb-user-data-boundary--`);
        expect(text.split("Content-Type: text/x-shellscript")).toHaveLength(3);
        await workspace.destroy();
      } finally {
        await workspace.dispose();
      }
    }, 60_000);
  });
});
