import type { SimulatorInventory } from "./config-types.js";
import { deterministicUuid } from "./ids.js";

/**
 * The default inventory: devstack-like flavors, two images, a public and a private network, AZ nova,
 * Manila's devstack share types (`default` without share servers, `dhss_true` with), one Magnum
 * cluster template, one Designate zone (`apps.simulator.example.`) for record sets.
 */
export const DEFAULT_INVENTORY: SimulatorInventory = {
  flavors: [
    { id: "1", name: "m1.tiny", vcpus: 1, ram: 512, disk: 1 },
    { id: "2", name: "m1.small", vcpus: 1, ram: 2048, disk: 20 },
    { id: "3", name: "m1.medium", vcpus: 2, ram: 4096, disk: 40 },
    { id: "4", name: "m1.large", vcpus: 4, ram: 8192, disk: 80 },
    { id: "5", name: "m1.xlarge", vcpus: 8, ram: 16384, disk: 160 },
    { id: "d2", name: "db.small", vcpus: 1, ram: 2048, disk: 10 },
    // An Ironic flavor, so the baremetal plan provisions against the simulator out of the box.
    { id: "bm1", name: "bm.standard", vcpus: 16, ram: 49152, disk: 480 },
  ],
  images: [
    {
      id: deterministicUuid("image:cirros"),
      name: "cirros-0.6.2-x86_64-disk",
      minDiskGb: 1,
      sizeBytes: 21430272,
      createdAt: "2025-01-10T09:00:00Z",
    },
    {
      id: deterministicUuid("image:ubuntu"),
      name: "ubuntu-22.04",
      minDiskGb: 5,
      sizeBytes: 676331520,
      createdAt: "2025-01-10T09:05:00Z",
      osDistro: "ubuntu",
    },
  ],
  networks: [
    {
      id: deterministicUuid("network:public"),
      name: "public",
      external: true,
      subnetId: deterministicUuid("subnet:public"),
      cidr: "172.24.4.0/24",
    },
    {
      id: deterministicUuid("network:private"),
      name: "private",
      external: false,
      subnetId: deterministicUuid("subnet:private"),
      cidr: "10.0.0.0/24",
    },
  ],
  availabilityZones: ["nova"],
  shareTypes: [
    { id: deterministicUuid("share-type:default"), name: "default", driverHandlesShareServers: false, default: true },
    { id: deterministicUuid("share-type:dhss_true"), name: "dhss_true", driverHandlesShareServers: true },
  ],
  clusterTemplates: [{ id: deterministicUuid("cluster-template:k8s-default"), name: "k8s-default", coe: "kubernetes" }],
  dnsZones: [
    { id: deterministicUuid("dns-zone:apps"), name: "apps.simulator.example.", email: "hostmaster@simulator.example" },
  ],
};
