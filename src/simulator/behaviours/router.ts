/**
 * openstack_networking_router_v2 (Neutron): the gateway port on the external network, whose fixed
 * IPs Read stores as `external_fixed_ip` (resource_openstack_networking_router_v2.go:
 * flattenNetworkingRouterExternalFixedIPsV2(r.GatewayInfo.ExternalFixedIPs)).
 * - `external_fixed_ip` given: one IP per element, from its subnet (or the subnet holding its
 *   `ip_address`, else the network's first);
 * - `external_subnet_ids`: the provider creates the router with each in turn until Neutron accepts
 *   one, retrying on 404 (networking_v2_shared.go retryOn409); none left is
 *   "Error creating openstack_networking_router_v2: N subnets exhausted: <last error>";
 * - otherwise one IP from the network's first subnet of each IP version (Neutron's IPAM for a port
 *   without fixed IPs; devstack's public network has an IPv6 subnet too). Neutron's `enable_snat_by_default`
 *   (True) sets enable_snat on a gateway.
 */
import { SimulatedApiError } from "../api-errors.js";
import { isObject } from "../block-values.js";
import type { TfObject } from "../msgpack-values.js";
import { inCidr, neutronSubnets } from "../neutron-view.js";
import { unexpectedResponse } from "../service-errors.js";
import { setIfUnknown, str, type ApplyContext, type CheckContext, type ResourceBehaviour } from "./types.js";

const subnetIds = (state: TfObject): string[] =>
  (Array.isArray(state.external_subnet_ids) ? state.external_subnet_ids : []).filter(
    (v): v is string => typeof v === "string",
  );

async function gatewaySubnets(state: TfObject, context: Pick<CheckContext, "config" | "store">): Promise<TfObject[]> {
  const network = str(state, "external_network_id");
  return (await neutronSubnets(context.config, context.store)).filter((s) => s.network_id === network);
}

async function checkRouter(state: TfObject, context: CheckContext): Promise<void> {
  if (context.operation !== "create" || !str(state, "external_network_id")) return;
  const wanted = subnetIds(state);
  if (wanted.length === 0) return;
  const subnets = await gatewaySubnets(state, context);
  if (wanted.some((id) => subnets.some((s) => s.id === id))) return;
  const last = wanted[wanted.length - 1];
  const body = { NeutronError: { type: "SubnetNotFound", message: `Subnet ${last} could not be found.`, detail: "" } };
  throw new SimulatedApiError(
    `Error creating openstack_networking_router_v2: ${wanted.length} subnets exhausted: ${unexpectedResponse({
      method: "POST",
      service: "network",
      path: "/v2.0/routers",
      expected: [201],
      status: 404,
      body,
    })}`,
  );
}

async function fixedIp(
  subnet: TfObject | undefined,
  address: string | undefined,
  context: ApplyContext,
): Promise<TfObject> {
  const cidr = typeof subnet?.cidr === "string" ? subnet.cidr : context.config.floatingIpCidr;
  return { subnet_id: subnet?.id ?? "", ip_address: address ?? (await context.allocateIp(cidr)) };
}

/** The router behaviour. */
export const router: ResourceBehaviour = {
  check: checkRouter,
  async fill(state, context) {
    setIfUnknown(state, "admin_state_up", true);
    setIfUnknown(state, "distributed", false);
    if (!str(state, "external_network_id")) {
      setIfUnknown(state, "external_network_id", "");
      setIfUnknown(state, "external_fixed_ip", []);
      setIfUnknown(state, "enable_snat", false);
      return;
    }
    setIfUnknown(state, "enable_snat", true);
    const subnets = await gatewaySubnets(state, context);
    const configured = Array.isArray(state.external_fixed_ip) ? state.external_fixed_ip.filter(isObject) : [];
    const kept = configured.length > 0 && configured.every((ip) => str(ip, "subnet_id") && str(ip, "ip_address"));
    if (kept) return;
    const out: TfObject[] = [];
    for (const ip of configured) {
      const address = str(ip, "ip_address");
      const subnet =
        subnets.find((s) => s.id === str(ip, "subnet_id")) ??
        subnets.find((s) => address !== undefined && typeof s.cidr === "string" && inCidr(address, s.cidr)) ??
        subnets[0];
      out.push(await fixedIp(subnet, address, context));
    }
    if (configured.length === 0) {
      // The first of external_subnet_ids Neutron accepts (checkRouter refused when none is on the network).
      const wanted = subnetIds(state);
      const first = wanted.find((id) => subnets.some((s) => s.id === id));
      if (wanted.length > 0)
        out.push(
          await fixedIp(
            subnets.find((s) => s.id === first),
            undefined,
            context,
          ),
        );
      // Neutron's IPAM for a port without fixed IPs: the first subnet of each IP version.
      else
        for (const version of [4, 6]) {
          const subnet = subnets.find((s) => s.ip_version === version);
          if (subnet) out.push(await fixedIp(subnet, undefined, context));
        }
    }
    state.external_fixed_ip = out;
  },
};
