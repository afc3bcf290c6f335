import type { Construct } from "constructs";
import { DataOpenstackComputeFlavorV2 } from "../../gen/providers/openstack/data-openstack-compute-flavor-v2/index.js";
import { DataOpenstackImagesImageV2 } from "../../gen/providers/openstack/data-openstack-images-image-v2/index.js";
import { DataOpenstackNetworkingNetworkV2 } from "../../gen/providers/openstack/data-openstack-networking-network-v2/index.js";

/**
 * Lookups by name, so parameters and plan defaults speak the operator's language ("m1.small",
 * "private") instead of cloud-specific UUIDs. Each returns the data source; use `.id`.
 */

/** A Nova flavor by name. */
export function flavorByName(scope: Construct, id: string, name: string): DataOpenstackComputeFlavorV2 {
  return new DataOpenstackComputeFlavorV2(scope, id, { name });
}

/** A Glance image by name (the most recent one when several share the name). */
export function imageByName(scope: Construct, id: string, name: string): DataOpenstackImagesImageV2 {
  return new DataOpenstackImagesImageV2(scope, id, { name, mostRecent: true });
}

/** A Neutron network by name. */
export function networkByName(scope: Construct, id: string, name: string): DataOpenstackNetworkingNetworkV2 {
  return new DataOpenstackNetworkingNetworkV2(scope, id, { name });
}
