/**
 * openstack_networking_network_v2 and openstack_networking_subnet_v2: Neutron's lists (neutron-view.ts)
 * with the filters the provider sends, then its result handling.
 */
import { SimulatedApiError } from "./api-errors.js";
import { keep, MANY_RESULTS, NO_RESULTS, one, strings, text, type LookupReader } from "./lookup-results.js";
import type { TfObject } from "./msgpack-values.js";
import { neutronNetworks, neutronSubnets } from "./neutron-view.js";

const hasTags = (item: TfObject, tags: readonly string[]) => tags.every((tag) => strings(item.tags).includes(tag));
/** `getOkExists` of a bool: set in the configuration, false included. */
const setBool = (config: TfObject, key: string) => (typeof config[key] === "boolean" ? config[key] : undefined);

/**
 * data_source_openstack_networking_network_v2.go: the list by network_id, name, description,
 * tenant_id, status, external, transparent_vlan, mtu — but with `tags` set the provider replaces
 * every one of those by the tags filter alone (`listOpts = networks.ListOpts{Tags: ...}`) —, then
 * `matching_subnet_cidr` among each network's subnets.
 */
export const network: LookupReader = async (config, sim, cloud) => {
  const all = await neutronNetworks(sim, cloud.store);
  const tags = strings(config.tags);
  const listed =
    tags.length > 0
      ? all.filter((n) => hasTags(n, tags))
      : all.filter(
          (n) =>
            (!text(config, "network_id") || n.id === text(config, "network_id")) &&
            ["name", "description", "tenant_id", "status"].every(
              (key) => !text(config, key) || n[key] === text(config, key),
            ) &&
            ["external", "transparent_vlan"].every(
              (key) => setBool(config, key) === undefined || n[key] === setBool(config, key),
            ) &&
            (typeof config.mtu !== "number" || n.mtu === config.mtu),
        );
  if (listed.length === 0) throw new SimulatedApiError(NO_RESULTS);
  const cidr = text(config, "matching_subnet_cidr");
  const subnets = cidr ? await neutronSubnets(sim, cloud.store) : [];
  const refined = cidr ? listed.filter((n) => subnets.some((s) => s.network_id === n.id && s.cidr === cidr)) : listed;
  const { tags: own, ...found } = one(refined, MANY_RESULTS);
  // Read sets all_tags (not tags) from the network.
  return keep(config, { ...found, network_id: found.id, all_tags: own });
};

const SUBNET_TEXT = [
  "name",
  "description",
  "network_id",
  "tenant_id",
  "gateway_ip",
  "cidr",
  "ipv6_address_mode",
  "ipv6_ra_mode",
  "segment_id",
  "subnetpool_id",
];

/**
 * data_source_openstack_networking_subnet_v2.go: the list by name, description, dhcp_enabled,
 * network_id, tenant_id, ip_version, gateway_ip, cidr, subnet_id, IPv6 modes, segment_id,
 * subnetpool_id, dns_publish_fixed_ip (when true) and every tag; exactly one, with its allocation
 * pools and host routes.
 */
export const subnet: LookupReader = async (config, sim, cloud) => {
  const dhcp = setBool(config, "dhcp_enabled");
  const tags = strings(config.tags);
  const { tags: own, ...found } = one(
    (await neutronSubnets(sim, cloud.store)).filter(
      (s) =>
        SUBNET_TEXT.every((key) => !text(config, key) || s[key] === text(config, key)) &&
        (!text(config, "subnet_id") || s.id === text(config, "subnet_id")) &&
        (dhcp === undefined || s.enable_dhcp === dhcp) &&
        (typeof config.ip_version !== "number" || config.ip_version === 0 || s.ip_version === config.ip_version) &&
        (config.dns_publish_fixed_ip !== true || s.dns_publish_fixed_ip === true) &&
        hasTags(s, tags),
    ),
    "Your query returned more than one openstack_networking_subnet_v2. Please try a more specific search criteria",
    "Your query returned no openstack_networking_subnet_v2. Please change your search criteria and try again.",
  );
  return keep(config, { ...found, subnet_id: found.id, all_tags: own });
};
