import { isObject } from "../block-values.js";
import { cidrSize, hostOf, ipVersionOf, lastHost } from "../ip-math.js";
import { setIfUnknown, str, type ResourceBehaviour } from "./types.js";

/** openstack_networking_network_v2. */
export const network: ResourceBehaviour = {
  fill(state) {
    setIfUnknown(state, "admin_state_up", true);
    setIfUnknown(state, "shared", false);
    setIfUnknown(state, "external", false);
    setIfUnknown(state, "mtu", 1500);
    setIfUnknown(state, "port_security_enabled", true);
  },
};

/**
 * openstack_networking_subnet_v2: gateway and allocation pool from the CIDR, IPv4 or IPv6; `no_gateway`
 * sends gateway_ip "" (resource_openstack_networking_subnet_v2.go Create), so Neutron stores none
 * and Read stores gateway_ip "". Neutron's default pool (neutron/ipam/utils.py generate_pools):
 * the CIDR without its first address (and without the IPv4 broadcast; /127 and /128 whole), then
 * without a gateway at the first host (a gateway elsewhere is not cut out).
 */
export const subnet: ResourceBehaviour = {
  computedBlocks: ["allocation_pool"],
  async fill(state, context) {
    const cidr = str(state, "cidr") ?? context.config.defaultFixedCidr;
    setIfUnknown(state, "cidr", cidr);
    setIfUnknown(state, "ip_version", ipVersionOf(cidr));
    setIfUnknown(state, "gateway_ip", state.no_gateway === true ? "" : hostOf(cidr, 1));
    setIfUnknown(state, "enable_dhcp", true);
    const whole = cidrSize(cidr) <= 2n;
    const gatewayFirst = str(state, "gateway_ip") === hostOf(cidr, 1);
    const pool = whole
      ? { start: hostOf(cidr, 0), end: hostOf(cidr, cidrSize(cidr) - 1n) }
      : { start: hostOf(cidr, gatewayFirst ? 2 : 1), end: lastHost(cidr) };
    setIfUnknown(state, "allocation_pool", [pool]);
  },
};

/** openstack_networking_port_v2: fixed IPs allocated from the named subnet. */
export const port: ResourceBehaviour = {
  async fill(state, context) {
    const fixed = Array.isArray(state.fixed_ip) ? state.fixed_ip.filter(isObject) : [];
    const all: string[] = [];
    for (const entry of fixed) {
      const cidr = (await context.cidrOf(str(entry, "subnet_id") ?? "")) ?? context.config.defaultFixedCidr;
      all.push(str(entry, "ip_address") ?? (await context.allocateIp(cidr)));
    }
    if (all.length === 0) {
      const cidr = (await context.cidrOf(str(state, "network_id") ?? "")) ?? context.config.defaultFixedCidr;
      all.push(await context.allocateIp(cidr));
    }
    setIfUnknown(state, "all_fixed_ips", all);
    setIfUnknown(
      state,
      "mac_address",
      `fa:16:3e:${context.id.slice(0, 2)}:${context.id.slice(2, 4)}:${context.id.slice(4, 6)}`,
    );
    setIfUnknown(state, "admin_state_up", true);
    setIfUnknown(
      state,
      "all_security_group_ids",
      Array.isArray(state.security_group_ids) ? state.security_group_ids : [],
    );
    setIfUnknown(state, "port_security_enabled", true);
  },
};

/** openstack_networking_floatingip_v2: an address from the floating pool. */
export const floatingIp: ResourceBehaviour = {
  async fill(state, context) {
    setIfUnknown(state, "address", await context.allocateIp(context.config.floatingIpCidr));
    setIfUnknown(state, "port_id", "");
    setIfUnknown(state, "fixed_ip", "");
  },
};

/** A security group (all_tags: read-back.ts). */
export const secgroup: ResourceBehaviour = {};
