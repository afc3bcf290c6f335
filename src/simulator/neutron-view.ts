/**
 * What Neutron lists: the inventory's networks and subnets plus those created in the simulated
 * cloud, shaped like its API objects (as the data sources and Nova read them). Inventory subnets
 * are devstack's: named `<network>-subnet`, gateway `.1`, one allocation pool `.2` to the last host.
 */
import type { CloudStore } from "./cloud-store.js";
import type { SimulatorConfig } from "./config-types.js";
import { hostOf, ipVersionOf, lastHost } from "./ip-math.js";
import type { TfObject, TfValue } from "./msgpack-values.js";

export { hostOf, inCidr, lastHost } from "./ip-math.js";

const list = (value: TfValue | undefined): TfValue[] => (Array.isArray(value) ? value : []);
const strings = (value: TfValue | undefined): string[] => list(value).filter((v): v is string => typeof v === "string");

/** Every subnet Neutron lists (subnet-list fields; host routes from openstack_networking_subnet_route_v2). */
export async function neutronSubnets(config: SimulatorConfig, store: CloudStore): Promise<TfObject[]> {
  const routes = await store.list("openstack_networking_subnet_route_v2");
  const hostRoutes = (id: string) =>
    routes
      .filter((r) => r.state.subnet_id === id)
      .map((r) => ({ destination_cidr: r.state.destination_cidr ?? "", next_hop: r.state.next_hop ?? "" }));
  const inventorySubnet = (networkId: string, id: string, name: string, cidr: string): TfObject => ({
    id,
    network_id: networkId,
    name,
    description: "",
    cidr,
    ip_version: ipVersionOf(cidr),
    enable_dhcp: true,
    gateway_ip: hostOf(cidr, 1),
    allocation_pools: [{ start: hostOf(cidr, 2), end: lastHost(cidr) }],
    dns_nameservers: [],
    host_routes: hostRoutes(id),
    tags: [],
    subnetpool_id: "",
    ipv6_address_mode: "",
    ipv6_ra_mode: "",
    dns_publish_fixed_ip: false,
    segment_id: "",
    service_types: [],
  });
  const inventory = config.inventory.networks.flatMap((n) => [
    ...(n.subnetId ? [inventorySubnet(n.id, n.subnetId, `${n.name}-subnet`, n.cidr)] : []),
    ...(n.ipv6Subnet
      ? [inventorySubnet(n.id, n.ipv6Subnet.id, n.ipv6Subnet.name ?? `${n.name}-ipv6-subnet`, n.ipv6Subnet.cidr)]
      : []),
  ]);
  const created = (await store.list("openstack_networking_subnet_v2")).map(
    (r): TfObject => ({
      ...r.state,
      id: r.id,
      allocation_pools: list(r.state.allocation_pool),
      host_routes: hostRoutes(r.id),
      tags: strings(r.state.all_tags),
    }),
  );
  return [...inventory, ...created];
}

/** Every network Neutron lists, with its subnet ids. */
export async function neutronNetworks(config: SimulatorConfig, store: CloudStore): Promise<TfObject[]> {
  const subnets = await neutronSubnets(config, store);
  const subnetsOf = (id: string) => subnets.filter((s) => s.network_id === id).map((s) => String(s.id));
  const inventory = config.inventory.networks.map(
    (n): TfObject => ({
      id: n.id,
      name: n.name,
      description: "",
      external: n.external,
      shared: n.external,
      admin_state_up: true,
      status: "ACTIVE",
      mtu: 1500,
      transparent_vlan: false,
      tags: [],
      subnets: subnetsOf(n.id),
      dns_domain: "",
      availability_zone_hints: [],
    }),
  );
  const created = (await store.list("openstack_networking_network_v2")).map(
    (r): TfObject => ({
      ...r.state,
      id: r.id,
      status: "ACTIVE",
      tags: strings(r.state.all_tags),
      subnets: subnetsOf(r.id),
    }),
  );
  return [...inventory, ...created];
}
