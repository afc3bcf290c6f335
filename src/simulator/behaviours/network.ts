import { isObject } from "../block-values.js";
import type { TfObject } from "../msgpack-values.js";
import { setIfUnknown, str, type ResourceBehaviour } from "./types.js";

function hostOf(cidr: string, offset: number): string {
  const [base] = cidr.split("/");
  const parts = base.split(".").map(Number);
  const value = ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) + offset;
  return [value >>> 24, (value >> 16) & 255, (value >> 8) & 255, value & 255].join(".");
}

/** The last usable host of an IPv4 CIDR. */
function lastHost(cidr: string): string {
  const bits = Number(cidr.split("/")[1] ?? 24);
  return hostOf(cidr, 2 ** (32 - bits) - 2);
}

/** openstack_networking_network_v2. */
export const network: ResourceBehaviour = {
  fill(state) {
    setIfUnknown(state, "admin_state_up", true);
    setIfUnknown(state, "shared", false);
    setIfUnknown(state, "external", false);
    setIfUnknown(state, "mtu", 1500);
    setIfUnknown(state, "port_security_enabled", true);
    setIfUnknown(state, "all_tags", Array.isArray(state.tags) ? state.tags : []);
  },
};

/** openstack_networking_subnet_v2: gateway and allocation pool from the CIDR. */
export const subnet: ResourceBehaviour = {
  computedBlocks: ["allocation_pool"],
  async fill(state, context) {
    const cidr = str(state, "cidr") ?? context.config.defaultFixedCidr;
    setIfUnknown(state, "cidr", cidr);
    setIfUnknown(state, "gateway_ip", hostOf(cidr, 1));
    setIfUnknown(state, "enable_dhcp", true);
    setIfUnknown(state, "ip_version", 4);
    const pool = { start: hostOf(cidr, 2), end: lastHost(cidr) };
    setIfUnknown(state, "allocation_pool", [pool]);
    setIfUnknown(state, "all_tags", Array.isArray(state.tags) ? state.tags : []);
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
    setIfUnknown(state, "mac_address", `fa:16:3e:${context.id.slice(0, 2)}:${context.id.slice(2, 4)}:${context.id.slice(4, 6)}`);
    setIfUnknown(state, "admin_state_up", true);
    setIfUnknown(state, "all_security_group_ids", Array.isArray(state.security_group_ids) ? state.security_group_ids : []);
    setIfUnknown(state, "all_tags", Array.isArray(state.tags) ? state.tags : []);
    setIfUnknown(state, "port_security_enabled", true);
  },
};

/** openstack_networking_floatingip_v2: an address from the floating pool. */
export const floatingIp: ResourceBehaviour = {
  async fill(state, context) {
    setIfUnknown(state, "address", await context.allocateIp(context.config.floatingIpCidr));
    setIfUnknown(state, "port_id", "");
    setIfUnknown(state, "fixed_ip", "");
    setIfUnknown(state, "all_tags", Array.isArray(state.tags) ? state.tags : []);
  },
};

/** A security group: Neutron always has the id. */
export const secgroup: ResourceBehaviour = {
  fill(state: TfObject) {
    setIfUnknown(state, "all_tags", Array.isArray(state.tags) ? state.tags : []);
  },
};

