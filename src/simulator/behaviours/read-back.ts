/**
 * What the provider stores for an attribute the configuration leaves out, because its Read sets
 * every attribute from the service's answer (`d.Set("description", network.Description)`): the
 * Go zero value of the API field when the service returns none ("", 0, false), or the service's
 * own default. Per resource type, for the top-level primitives; the behaviours compute the rest.
 *
 * Sources: each type's Read in terraform-provider-openstack 3.4.0 (openstack/resource_openstack_<type>.go,
 * the d.Set calls of Optional arguments without a Default) and, for service defaults, the API
 * references named on the entries. Collections are left out: the SDK's flatmap does not tell
 * null from empty, neither do the acceptance checks.
 */
import { isUnknown, type TfObject, type TfValue } from "../msgpack-values.js";

const NAMED = { name: "", description: "" } as const;

/** Resource type → attribute → what Read stores when the configuration leaves it out. */
export const API_DEFAULTS: Readonly<Record<string, Readonly<Record<string, TfValue>>>> = {
  // Cinder returns null for these; the Go fields are strings.
  openstack_blockstorage_volume_v3: { ...NAMED, backup_id: "", snapshot_id: "", source_vol_id: "" },
  // servers.Server.KeyName.
  openstack_compute_instance_v2: { key_pair: "" },
  // Designate: a zone is PRIMARY unless created as SECONDARY (Designate API ref, "Create Zone").
  openstack_dns_zone_v2: { description: "", email: "", type: "PRIMARY" },
  // Read stores "" for a credential without expiry (ExpiresAt is the zero time).
  openstack_identity_application_credential_v3: { description: "", expires_at: "" },
  // Read stores "" for a secret without expiration (the zero time), Barbican's null name as "".
  openstack_keymanager_secret_v1: { name: "", expiration: "" },
  // Octavia API ref, "Create Listener": connection_limit -1 (unlimited), client_authentication NONE,
  // timeouts 50000 / 5000 / 50000 / 0 ms; HSTS fields null (Go zero values).
  openstack_lb_listener_v2: {
    description: "",
    client_authentication: "NONE",
    client_ca_tls_container_ref: "",
    client_crl_container_ref: "",
    default_tls_container_ref: "",
    hsts_include_subdomains: false,
    hsts_max_age: 0,
    hsts_preload: false,
    connection_limit: -1,
    timeout_client_data: 50000,
    timeout_member_connect: 5000,
    timeout_member_data: 50000,
    timeout_tcp_inspect: 0,
  },
  openstack_lb_loadbalancer_v2: { ...NAMED, availability_zone: "", vip_qos_policy_id: "" },
  // Octavia API ref, "Create Pool": tls_enabled false.
  openstack_lb_pool_v2: {
    ...NAMED,
    ca_tls_container_ref: "",
    crl_container_ref: "",
    tls_container_ref: "",
    tls_enabled: false,
  },
  // floatingips.FloatingIP.Description: Neutron answers "" for a floating IP created without one.
  openstack_networking_floatingip_v2: { description: "" },
  openstack_networking_network_v2: { ...NAMED },
  openstack_networking_router_v2: { ...NAMED },
  // rules.SecGroupRule: Neutron answers description "", protocol and port_range_min/max null (any
  // protocol, every port), which the Go fields (string, int) read as "" and 0.
  openstack_networking_secgroup_rule_v2: { description: "", protocol: "", port_range_min: 0, port_range_max: 0 },
  // Neutron API ref, "Create security group": stateful defaults to true (the provider sends it only
  // when set: getOkExists in resource_openstack_networking_secgroup_v2.go Create).
  openstack_networking_secgroup_v2: { stateful: true },
  openstack_networking_subnet_v2: { ...NAMED, dns_publish_fixed_ip: false, segment_id: "", subnetpool_id: "" },
  // strings.Join of the container's absent X-Container-Read / -Write.
  openstack_objectstorage_container_v1: { container_read: "", container_write: "" },
  openstack_sharedfilesystem_share_v2: { description: "", snapshot_id: "" },
};

/**
 * Attributes every Read sets to what the service holds now, on create and after each update:
 * `all_tags` (util.go expandObjectReadTags: d.Set("all_tags", tags)) and `all_metadata`
 * (compute_instance_v2: d.Set("all_metadata", server.Metadata)), from what the provider sent.
 * Tags or metadata added out of band are not modelled.
 */
const MIRRORED: Readonly<Record<string, string>> = { all_tags: "tags", all_metadata: "metadata" };

/**
 * What the provider's Read stores after create and update: each of the type's API defaults that
 * `state` leaves null, absent or unknown, and the mirrored `all_*` attributes.
 */
export function applyReadBack(type: string, state: TfObject): void {
  for (const [name, value] of Object.entries(API_DEFAULTS[type] ?? {})) {
    const current = state[name];
    if (current === null || current === undefined || isUnknown(current)) state[name] = value;
  }
  for (const [all, own] of Object.entries(MIRRORED)) {
    if (!(all in state) || !(own in state)) continue;
    const value = state[own];
    state[all] = value === null || value === undefined || isUnknown(value) ? (all === "all_tags" ? [] : {}) : value;
  }
}
