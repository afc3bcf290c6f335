import { describe, expect, it } from "vitest";
import { DEFAULT_INVENTORY } from "./inventory.js";
import { createTestSimulator } from "../../test/helpers/simulator-harness.js";

/** An inventory with duplicate names, as Nova, Glance, Neutron and Magnum allow them. */
const inventory = {
  flavors: [...DEFAULT_INVENTORY.flavors, { id: "6", name: "m1.small", vcpus: 1, ram: 2048, disk: 20 }],
  images: [
    ...DEFAULT_INVENTORY.images,
    { id: "11111111-1111-4111-8111-111111111111", name: "ubuntu-22.04", createdAt: "2025-03-01T00:00:00Z" },
    { id: "22222222-2222-4222-8222-222222222222", name: "ubuntu-22.04", createdAt: "2025-06-01T00:00:00Z" },
  ],
  networks: [
    ...DEFAULT_INVENTORY.networks,
    { ...DEFAULT_INVENTORY.networks[1], id: "33333333-3333-4333-8333-333333333333" },
  ],
  clusterTemplates: [
    ...DEFAULT_INVENTORY.clusterTemplates,
    { id: "44444444-4444-4444-8444-444444444444", name: "k8s-default" },
  ],
};

describe("name lookups fail on zero or several matches with the provider's messages", () => {
  it("flavors, images, networks and cluster templates", async () => {
    const simulator = await createTestSimulator({ config: { inventory } });
    try {
      const failing = await simulator.workdir({
        provider: { openstack: [{}] },
        data: {
          openstack_compute_flavor_v2: {
            twice: { name: "m1.small" },
            none: { name: "m9.huge" },
            byId: { flavor_id: "99" },
          },
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
      expect(errors).toEqual(
        expect.arrayContaining([
          "Error: Your query returned more than one result. Please try a more specific search criteria",
          "Error: Your query returned no results. Please change your search criteria and try again.",
          "Error: No Flavor found",
          "Error: Your query returned more than one result. Please try a more specific search criteria, or set `most_recent` attribute to true.",
          expect.stringContaining(
            "Error: Error getting openstack_containerinfra_clustertemplate_v1 k8s-default: Expected HTTP response code [200] " +
              "when accessing [GET https://magnum.openstack.simulator:9511/v1/clustertemplates/k8s-default], but got 409 instead:",
          ),
          expect.stringContaining("Error: Error getting openstack_containerinfra_clustertemplate_v1 swarm: "),
        ]),
      );
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
      expect(JSON.parse((await simulator.terraform(newest, "output", "-json")).stdout).id.value).toBe(
        "22222222-2222-4222-8222-222222222222",
      );
    } finally {
      await simulator.cleanup();
    }
  });
});

describe("lookups read what the cloud created, with the provider's filters", () => {
  it("networks (tags replace every other filter), subnets, flavors, images, share networks", async () => {
    const simulator = await createTestSimulator();
    try {
      const after = [
        "openstack_networking_subnet_v2.s",
        "openstack_compute_flavor_v2.f",
        "openstack_images_image_v2.i",
        "openstack_sharedfilesystem_sharenetwork_v2.sn",
      ];
      const dir = await simulator.workdir({
        provider: { openstack: [{}] },
        resource: {
          openstack_networking_network_v2: { n: { name: "n1", tags: ["a", "b"] } },
          openstack_networking_subnet_v2: {
            s: { network_id: "${openstack_networking_network_v2.n.id}", cidr: "192.168.5.0/24", tags: ["x"] },
          },
          openstack_compute_flavor_v2: {
            f: { name: "f1", ram: 512, vcpus: 1, disk: 1, extra_specs: { "hw:cpu_policy": "dedicated" } },
          },
          openstack_images_image_v2: {
            i: {
              name: "img1",
              container_format: "bare",
              disk_format: "qcow2",
              image_source_url: "https://example.org/x.img",
              tags: ["t1"],
            },
          },
          openstack_sharedfilesystem_sharenetwork_v2: {
            sn: {
              name: "sn1",
              neutron_net_id: "${openstack_networking_network_v2.n.id}",
              neutron_subnet_id: "${openstack_networking_subnet_v2.s.id}",
            },
          },
        },
        data: {
          // data_source_openstack_networking_network_v2.go: with tags, listOpts = networks.ListOpts{Tags: ...} (the name is not sent).
          openstack_networking_network_v2: { byTags: { tags: ["a"], name: "not-n1", depends_on: after } },
          openstack_networking_subnet_v2: { byTags: { tags: ["x"], dhcp_enabled: true, depends_on: after } },
          openstack_compute_flavor_v2: { created: { name: "f1", depends_on: after } },
          openstack_images_image_v2: { private: { visibility: "private", tag: "t1", depends_on: after } },
          openstack_sharedfilesystem_sharenetwork_v2: { created: { name: "sn1", depends_on: after } },
        },
        output: {
          network: {
            value: "${data.openstack_networking_network_v2.byTags.id == openstack_networking_network_v2.n.id}",
          },
          subnet: { value: "${data.openstack_networking_subnet_v2.byTags.id == openstack_networking_subnet_v2.s.id}" },
          flavor: { value: "${data.openstack_compute_flavor_v2.created.extra_specs}" },
          image: { value: "${data.openstack_images_image_v2.private.id == openstack_images_image_v2.i.id}" },
          share_network: {
            value:
              "${data.openstack_sharedfilesystem_sharenetwork_v2.created.id == openstack_sharedfilesystem_sharenetwork_v2.sn.id}",
          },
        },
      });
      const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
      expect(apply.exitCode, apply.stderr).toBe(0);
      const outputs = JSON.parse((await simulator.terraform(dir, "output", "-json")).stdout) as Record<
        string,
        { value: unknown }
      >;
      expect(Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]))).toEqual({
        network: true,
        subnet: true,
        flavor: { "hw:cpu_policy": "dedicated" },
        image: true,
        share_network: true,
      });
    } finally {
      await simulator.cleanup();
    }
  });
});
