/**
 * The data sources that look something up in the cloud, with the provider's own result handling:
 * zero matches and several matches fail with its messages (data_source_openstack_*.go). They read
 * the inventory and what was created in the simulated cloud, as the services list both; the
 * inventory may hold duplicate names to exercise the failures.
 */
import { flavor, image } from "./lookups-compute.js";
import { network, subnet } from "./lookups-network.js";
import { clusterTemplate, shareNetwork } from "./lookups-services.js";
import { dnsZone } from "./lookups-dns.js";
import type { LookupReader } from "./lookup-results.js";

export { keep, type LookupReader } from "./lookup-results.js";

/** The lookup readers by data source type. */
export const LOOKUPS: Readonly<Record<string, LookupReader>> = {
  openstack_compute_flavor_v2: flavor,
  openstack_images_image_v2: image,
  openstack_networking_network_v2: network,
  openstack_networking_subnet_v2: subnet,
  openstack_containerinfra_clustertemplate_v1: clusterTemplate,
  openstack_sharedfilesystem_sharenetwork_v2: shareNetwork,
  openstack_dns_zone_v2: dnsZone,
};
