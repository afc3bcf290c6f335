import { describe, expect, it } from "vitest";
import { DEFAULT_INVENTORY } from "./inventory.js";
import { createTestSimulator } from "./testing.js";

/** An inventory with duplicate names, as Nova, Glance, Neutron and Magnum allow them. */
const inventory = {
  flavors: [...DEFAULT_INVENTORY.flavors, { id: "6", name: "m1.small", vcpus: 1, ram: 2048, disk: 20 }],
  images: [
    ...DEFAULT_INVENTORY.images,
    { id: "11111111-1111-4111-8111-111111111111", name: "ubuntu-22.04", createdAt: "2025-03-01T00:00:00Z" },
    { id: "22222222-2222-4222-8222-222222222222", name: "ubuntu-22.04", createdAt: "2025-06-01T00:00:00Z" },
  ],
  networks: [...DEFAULT_INVENTORY.networks, { ...DEFAULT_INVENTORY.networks[1], id: "33333333-3333-4333-8333-333333333333" }],
  clusterTemplates: [...DEFAULT_INVENTORY.clusterTemplates, { id: "44444444-4444-4444-8444-444444444444", name: "k8s-default" }],
};

describe("name lookups fail on zero or several matches with the provider's messages", () => {
  it("flavors, images, networks and cluster templates", async () => {
    const simulator = await createTestSimulator({ config: { inventory } });
    try {
      const failing = await simulator.workdir({
        provider: { openstack: [{}] },
        data: {
          openstack_compute_flavor_v2: { twice: { name: "m1.small" }, none: { name: "m9.huge" }, byId: { flavor_id: "99" } },
          openstack_images_image_v2: { twice: { name: "ubuntu-22.04" } },
          openstack_networking_network_v2: { twice: { name: "private" } },
          openstack_containerinfra_clustertemplate_v1: { twice: { name: "k8s-default" }, none: { name: "swarm" } },
        },
      });
      expect((await simulator.terraform(failing, "init", "-input=false", "-no-color")).exitCode).toBe(0);
      const plan = await simulator.terraform(failing, "plan", "-no-color");
      expect(plan.exitCode).toBe(1);
      const errors = plan.stderr.split("\n").filter((line) => line.startsWith("Error: "));
      // data_source_openstack_compute_flavor_v2.go / _images_image_v2.go / _networking_network_v2.go;
      // data_source_openstack_containerinfra_clustertemplate_v1.go around Magnum's 404 / 409.
      expect(errors).toEqual(expect.arrayContaining([
        "Error: Your query returned more than one result. Please try a more specific search criteria",
        "Error: Your query returned no results. Please change your search criteria and try again.",
        "Error: No Flavor found",
        "Error: Your query returned more than one result. Please try a more specific search criteria, or set `most_recent` attribute to true.",
        expect.stringContaining("Error: Error getting openstack_containerinfra_clustertemplate_v1 k8s-default: Expected HTTP response code [200] " +
          "when accessing [GET https://magnum.openstack.simulator:9511/v1/clustertemplates/k8s-default], but got 409 instead:"),
        expect.stringContaining("Error: Error getting openstack_containerinfra_clustertemplate_v1 swarm: "),
      ]));
      expect(errors).toHaveLength(7);
      expect(plan.stderr).toContain('"detail": "ClusterTemplate swarm could not be found."');

      const newest = await simulator.workdir({
        provider: { openstack: [{}] },
        data: { openstack_images_image_v2: { ubuntu: { name: "ubuntu-22.04", most_recent: true } } },
        output: { id: { value: "${data.openstack_images_image_v2.ubuntu.id}" } },
      });
      expect((await simulator.terraform(newest, "init", "-input=false", "-no-color")).exitCode).toBe(0);
      expect((await simulator.terraform(newest, "apply", "-auto-approve", "-no-color")).exitCode).toBe(0);
      // images_image_v2.go mostRecentImage: sorted by created_at, the last one.
      expect(JSON.parse((await simulator.terraform(newest, "output", "-json")).stdout).id.value).toBe("22222222-2222-4222-8222-222222222222");
    } finally {
      await simulator.cleanup();
    }
  });
});
