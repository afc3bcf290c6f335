/**
 * The rule list of generated resource services: the provider's resource types that are NOT offered,
 * each with its reason (docs/resource-services.md prints it). Two reasons only:
 * - `part`: the type only joins or extends resources that something else owns (an association, an
 *   attachment, an interface, an access grant, the member set of another resource); offering it alone
 *   would let one instance change another instance's resource behind its back;
 * - `admin`: the type hands platform users cloud-admin power (quotas, flavors, projects, roles,
 *   users, endpoints, services, domains, provider-network details) or the broker's own identity.
 * MUST: every resource type of the rules table is either offered or listed here with a reason
 * (resource-services.test.ts checks that no listed type is missing from the table).
 */

/** Why a type is not offered. */
export interface Exclusion {
  readonly kind: "part" | "admin";
  readonly reason: string;
}

const part = (reason: string): Exclusion => ({ kind: "part", reason });
const admin = (reason: string): Exclusion => ({ kind: "admin", reason });

/** Excluded resource types by terraform type name. */
export const EXCLUDED_RESOURCE_TYPES: Readonly<Record<string, Exclusion>> = {
  openstack_bgpvpn_v2: admin("BGP VPNs are created by cloud admins (Neutron default policy)"),
  openstack_bgpvpn_network_associate_v2: part("associates a network with a BGP VPN"),
  openstack_bgpvpn_port_associate_v2: part("associates a port with a BGP VPN"),
  openstack_bgpvpn_router_associate_v2: part("associates a router with a BGP VPN"),
  openstack_blockstorage_qos_v3: admin("Cinder QoS specs are admin-only"),
  openstack_blockstorage_qos_association_v3: part("associates QoS specs with a volume type"),
  openstack_blockstorage_quotaset_v3: admin("sets a project's block-storage quotas"),
  openstack_blockstorage_volume_attach_v3: part("attaches a volume to a host connector"),
  openstack_blockstorage_volume_type_v3: admin("volume types are defined by cloud admins"),
  openstack_blockstorage_volume_type_access_v3: admin("grants projects access to a private volume type"),
  openstack_compute_aggregate_v2: admin("host aggregates are admin-only"),
  openstack_compute_flavor_v2: admin("flavors are defined by cloud admins"),
  openstack_compute_flavor_access_v2: admin("grants projects access to a private flavor"),
  openstack_compute_interface_attach_v2: part("attaches a port to a server"),
  openstack_compute_quotaset_v2: admin("sets a project's compute quotas"),
  openstack_compute_volume_attach_v2: part("attaches a volume to a server"),
  openstack_dns_quota_v2: admin("sets a project's DNS quotas"),
  openstack_dns_transfer_accept_v2: part("accepts a zone transfer from another project (a one-off action)"),
  openstack_dns_transfer_request_v2: part("offers a zone to another project (a one-off action on a zone)"),
  openstack_dns_zone_share_v2: part("shares a zone with another project"),
  openstack_identity_application_credential_v3: admin(
    "a credential of the broker's own user: use the keystone-app-credential service, which limits roles",
  ),
  openstack_identity_ec2_credential_v3: admin("an EC2 credential of the broker's own user"),
  openstack_identity_endpoint_v3: admin("Keystone endpoints are admin-only"),
  openstack_identity_group_v3: admin("Keystone groups are admin-only"),
  openstack_identity_inherit_role_assignment_v3: admin("assigns Keystone roles"),
  openstack_identity_limit_v3: admin("sets project limits"),
  openstack_identity_project_v3: admin("creates Keystone projects"),
  openstack_identity_registered_limit_v3: admin("sets cloud-wide default limits"),
  openstack_identity_role_v3: admin("creates Keystone roles"),
  openstack_identity_role_assignment_v3: admin("assigns Keystone roles"),
  openstack_identity_service_v3: admin("Keystone services are admin-only"),
  openstack_identity_user_v3: admin("creates Keystone users"),
  openstack_identity_user_membership_v3: admin("adds users to Keystone groups"),
  openstack_images_image_access_v2: part("shares an image with another project"),
  openstack_images_image_access_accept_v2: part("accepts an image shared by another project"),
  openstack_lb_flavor_v2: admin("Octavia flavors are admin-only"),
  openstack_lb_flavorprofile_v2: admin("Octavia flavor profiles are admin-only"),
  openstack_lb_members_v2: part("owns the whole member set of a pool (conflicts with other owners of the pool)"),
  openstack_lb_quota_v2: admin("sets a project's load-balancer quotas"),
  openstack_networking_bgp_peer_v2: admin("Neutron BGP peers are admin-only"),
  openstack_networking_bgp_speaker_v2: admin("Neutron BGP speakers are admin-only"),
  openstack_networking_floatingip_associate_v2: part("associates a floating IP with a port"),
  openstack_networking_port_secgroup_associate_v2: part("sets the security groups of an existing port"),
  openstack_networking_portforwarding_v2: part("a port forwarding of an existing floating IP"),
  openstack_networking_qos_bandwidth_limit_rule_v2: admin("QoS policies and their rules are admin-only by default"),
  openstack_networking_qos_dscp_marking_rule_v2: admin("QoS policies and their rules are admin-only by default"),
  openstack_networking_qos_minimum_bandwidth_rule_v2: admin("QoS policies and their rules are admin-only by default"),
  openstack_networking_qos_policy_v2: admin("QoS policies are admin-only by default"),
  openstack_networking_quota_v2: admin("sets a project's network quotas"),
  openstack_networking_rbac_policy_v2: admin("shares network objects with other projects"),
  openstack_networking_router_interface_v2: part("plugs a subnet or port into a router"),
  openstack_networking_router_route_v2: part("one static route of an existing router"),
  openstack_networking_router_routes_v2: part("owns the whole route table of an existing router"),
  openstack_networking_segment_v2: admin("network segments carry provider-network details (admin-only)"),
  openstack_networking_subnet_route_v2: part("one host route of an existing subnet"),
  openstack_objectstorage_account_v1: admin("changes the metadata and quota of the project's whole Swift account"),
  openstack_sharedfilesystem_share_access_v2: part("grants access to an existing share"),
  openstack_taas_tap_mirror_v2: admin("mirrors other ports' traffic (an operator tool)"),
};

/**
 * Arguments no generated service offers, whatever the type: `region` (the instance's cloud decides),
 * `tenant_id` / `project_id` (creating in another project is admin power), `value_specs` (free-form
 * API fields that could set either). A type that requires one of them is not offered.
 */
export const OMITTED_ARGUMENTS: Readonly<Record<string, string>> = {
  region: "the instance's cloud decides the region",
  tenant_id: "creating in another project is admin power",
  project_id: "creating in another project is admin power",
  value_specs: "free-form API fields could set the project or admin-only fields",
};

const ADMIN_ONLY = "admin-only by the service's default policy";

/**
 * Arguments of offered types that no generated service offers, by type: each is admin-only by the
 * OpenStack service's default policy (a broker running with an admin account would otherwise hand
 * that power to platform users). Left unset, the provider's and the cloud's defaults apply.
 */
export const OMITTED_TYPE_ARGUMENTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  openstack_compute_instance_v2: { hypervisor_hostname: `placing a server on a host is ${ADMIN_ONLY}` },
  openstack_containerinfra_clustertemplate_v1: {
    public: `a public template is ${ADMIN_ONLY}`,
    hidden: `hiding a template is ${ADMIN_ONLY}`,
  },
  openstack_fw_group_v2: { shared: `sharing with every project is ${ADMIN_ONLY}` },
  openstack_fw_policy_v2: { shared: `sharing with every project is ${ADMIN_ONLY}` },
  openstack_fw_rule_v2: { shared: `sharing with every project is ${ADMIN_ONLY}` },
  openstack_images_image_v2: { visibility: `a public image is ${ADMIN_ONLY} (images stay private)` },
  openstack_networking_addressscope_v2: { shared: `sharing with every project is ${ADMIN_ONLY}` },
  openstack_networking_network_v2: {
    external: `an external network is ${ADMIN_ONLY}`,
    shared: `a shared network is ${ADMIN_ONLY}`,
    segments: `provider segments are ${ADMIN_ONLY}`,
  },
  openstack_networking_port_v2: { binding: `port binding (host, profile) is ${ADMIN_ONLY}` },
  openstack_networking_router_v2: {
    distributed: `distributed routers are ${ADMIN_ONLY}`,
    enable_snat: `turning SNAT off is ${ADMIN_ONLY}`,
    external_fixed_ip: `choosing the gateway's external address is ${ADMIN_ONLY}`,
  },
  openstack_networking_subnet_v2: { segment_id: `segments are ${ADMIN_ONLY}` },
  openstack_networking_subnetpool_v2: {
    shared: `sharing with every project is ${ADMIN_ONLY}`,
    is_default: `the default subnet pool is ${ADMIN_ONLY}`,
  },
  openstack_sharedfilesystem_share_v2: { is_public: `a public share is ${ADMIN_ONLY}` },
};
