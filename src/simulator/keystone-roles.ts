/**
 * The Keystone roles of the simulated cloud (Keystone's defaults after `keystone-manage bootstrap`:
 * admin, manager, member, reader) and the openstack_identity_role_v3 lookup over them
 * (data_source_openstack_identity_role_v3.go: exactly one match by name, else its own messages).
 */
import { SimulatedApiError } from "./api-errors.js";
import { deterministicUuid } from "./ids.js";
import { keep, text, type LookupReader } from "./lookup-results.js";

/** The roles every simulated cloud has. */
export const ROLE_NAMES = ["admin", "manager", "member", "reader"] as const;

/** A role's id: 32 hex characters, stable per name (the auth scope data source uses the same ids). */
export function roleId(name: string): string {
  return deterministicUuid(`role:${name}`).replace(/-/g, "");
}

/** The name of a role id, or undefined when the cloud has no such role. */
export function roleNameOf(id: string): string | undefined {
  return ROLE_NAMES.find((name) => roleId(name) === id);
}

/** openstack_identity_role_v3: the role named `name` (and `domain_id` "": the global roles). */
export const identityRole: LookupReader = (config) => {
  const name = text(config, "name");
  const domain = text(config, "domain_id");
  if (name === undefined && domain === undefined)
    throw new SimulatedApiError("Your openstack_identity_role_v3 query returned more than one result");
  const found = domain === undefined ? ROLE_NAMES.find((role) => role === name) : undefined;
  if (found === undefined) throw new SimulatedApiError("Your openstack_identity_role_v3 query returned no results");
  return keep(config, { id: roleId(found), name: found, domain_id: "" });
};
