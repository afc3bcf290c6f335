import type { SimulatedCloud } from "./simulated-cloud.js";

function toInt(ip: string): number {
  return ip.split(".").map(Number).reduce((acc, part) => acc * 256 + part, 0);
}

function toIp(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

/**
 * IPv4 address management for the simulated cloud: hosts are handed out from .2 upwards per CIDR
 * (a counter shared by every process on the same state dir), wrapping when the range is used up.
 */
export function createAddressing(cloud: SimulatedCloud) {
  const { store } = cloud;
  return {
    /** The next address of `cidr`. */
    async allocateIp(cidr: string): Promise<string> {
      const [base, bitsText] = cidr.split("/");
      const size = 2 ** (32 - Number(bitsText ?? 24));
      const usable = Math.max(size - 3, 1);
      const n = await store.withLock(() => store.nextCounter(`ip:${cidr}`));
      return toIp(toInt(base) + 2 + ((n - 1) % usable));
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
