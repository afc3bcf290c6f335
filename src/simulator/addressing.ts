import { cidrSize, hostOf } from "./ip-math.js";
import type { SimulatedCloud } from "./simulated-cloud.js";

/**
 * Address management for the simulated cloud (IPv4 and IPv6): hosts are handed out from the
 * base + 2 upwards per CIDR (the gateway is base + 1; a counter shared by every process on the
 * same state dir), wrapping when the range is used up.
 */
export function createAddressing(cloud: SimulatedCloud) {
  const { store } = cloud;
  return {
    /** The next address of `cidr`. */
    async allocateIp(cidr: string): Promise<string> {
      const size = cidrSize(cidr);
      // IPv4 keeps the network, gateway and broadcast addresses out; IPv6 the subnet-router anycast and gateway.
      const reserved = cidr.includes(":") ? 2n : 3n;
      const usable = size > reserved ? size - reserved : 1n;
      const n = await store.withLock(() => store.nextCounter(`ip:${cidr}`));
      return hostOf(cidr, (size > reserved ? 2n : 0n) + (BigInt(n - 1) % usable));
    },
    /** The CIDR of a subnet id, or of a network id's first subnet, in the store or the inventory. */
    async cidrOf(id: string): Promise<string | undefined> {
      if (!id) return undefined;
      const config = await cloud.config();
      const known = config.inventory.networks.find((n) => n.id === id || n.subnetId === id || n.name === id);
      if (known) return known.cidr;
      const subnet = await store.get("openstack_networking_subnet_v2", id);
      if (subnet && typeof subnet.state.cidr === "string") return subnet.state.cidr;
      const subnets = await store.list("openstack_networking_subnet_v2");
      const onNetwork = subnets.find((s) => s.state.network_id === id && typeof s.state.cidr === "string");
      return onNetwork ? String(onNetwork.state.cidr) : undefined;
    },
    /** True when `id` is a network created in the cloud that has no subnet yet (booting on it fails). */
    async isNetworkWithoutSubnet(id: string): Promise<boolean> {
      if (!id || !(await store.get("openstack_networking_network_v2", id))) return false;
      const subnets = await store.list("openstack_networking_subnet_v2");
      return !subnets.some((s) => s.state.network_id === id);
    },
  };
}
