import { Fn, Token } from "cdktf";
import type { Construct } from "constructs";
import { DataOpenstackComputeFlavorV2 } from "../../gen/providers/openstack/data-openstack-compute-flavor-v2/index.js";
import { DataOpenstackImagesImageV2 } from "../../gen/providers/openstack/data-openstack-images-image-v2/index.js";
import { DataOpenstackNetworkingNetworkV2 } from "../../gen/providers/openstack/data-openstack-networking-network-v2/index.js";
import { NULL } from "./endpoints.js";

/**
 * Lookups by name, so parameters and plan defaults speak the operator's language ("m1.small",
 * "private") instead of cloud-specific UUIDs. Each returns the data source; use `.id`.
 *
 * The provider's lookups fail `terraform plan` when nothing matches ("Your query returned no
 * results") and when several do ("Your query returned more than one result"): the flavor, image and
 * network data sources of openstack/data_source_openstack_*.go. How each copes with several matches:
 * - flavors: Nova keeps flavor names unique, so a name matches at most one flavor;
 * - images: Glance does not; `most_recent` takes the newest image of that name (the usual way
 *   operators publish updated images under one name);
 * - networks: Neutron does not (a project's own `private` and a shared one): the lookup accepts a
 *   network id as well as a name, so a user who meets the error passes the id.
 *
 * `id` is the data source's construct id, and its logical id when `scope` is the terraform stack
 * (`data.openstack_compute_flavor_v2.<id>`): give each lookup of a scope its own (`flavor`,
 * `bastion_flavor`); the same id twice in one scope is refused by cdktf ("There is already a
 * Construct with name ..."). Two lookups of the same name are two data sources, both harmless.
 */

/** A Nova flavor by name (unique in Nova). */
export function flavorByName(scope: Construct, id: string, name: string): DataOpenstackComputeFlavorV2 {
  return new DataOpenstackComputeFlavorV2(scope, id, { name });
}

/** A Glance image by name (the most recent one when several share the name). */
export function imageByName(scope: Construct, id: string, name: string): DataOpenstackImagesImageV2 {
  return new DataOpenstackImagesImageV2(scope, id, { name, mostRecent: true });
}

/** Neutron ids are UUIDs (8-4-4-4-12 hex digits). */
const UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/**
 * A Neutron network by name, or by id when the value is a UUID (names are not unique in Neutron:
 * a name shared by several networks visible to the project fails the plan, the id never does).
 */
export function networkByName(scope: Construct, id: string, nameOrId: string): DataOpenstackNetworkingNetworkV2 {
  if (!Token.isUnresolved(nameOrId)) {
    // A literal (a plan setting): decided here, the configuration stays plain.
    return new DataOpenstackNetworkingNetworkV2(
      scope,
      id,
      new RegExp(UUID).test(nameOrId) ? { networkId: nameOrId } : { name: nameOrId },
    );
  }
  const isId = Fn.can(Fn.regex(UUID, nameOrId));
  return new DataOpenstackNetworkingNetworkV2(scope, id, {
    networkId: Token.asString(Fn.conditional(isId, nameOrId, NULL)),
    name: Token.asString(Fn.conditional(isId, NULL, nameOrId)),
  });
}
