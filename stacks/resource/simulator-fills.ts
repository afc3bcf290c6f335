/**
 * For the test over every generated service (all-types.test.ts) and docs/resource-services.md: the
 * parameters each offered type gets on the simulator beyond its generated defaults, in the order the
 * types are applied. `parents` are types applied before it whose outputs it reads (`out(type, attr)`);
 * ids of the simulator's default inventory come in `inventory`.
 */

/** What a fill may read. */
export interface FillContext {
  /** The id of a type applied earlier in this run. */
  out(type: string): unknown;
  readonly inventory: {
    readonly privateNetworkId: string;
    readonly privateSubnetId: string;
    readonly clusterTemplateId: string;
    readonly imageName: string;
  };
}

/** One offered type's parameters on the simulator. */
export interface SimulatorFill {
  readonly type: string;
  readonly parameters: (ctx: FillContext) => Record<string, unknown>;
}

const none = () => ({});
const mysql = [{ type: "mysql", version: "8.0" }];

/** In dependency order: a type's parents come before it. */
export const SIMULATOR_FILLS: readonly SimulatorFill[] = [
  { type: "openstack_blockstorage_volume_v3", parameters: () => ({ size: 1 }) },
  {
    type: "openstack_compute_instance_v2",
    parameters: ({ inventory }) => ({
      flavor_name: "m1.tiny",
      image_name: inventory.imageName,
      network: [{ name: "private" }],
    }),
  },
  { type: "openstack_compute_keypair_v2", parameters: none },
  { type: "openstack_compute_servergroup_v2", parameters: () => ({ policies: ["anti-affinity"] }) },
  {
    type: "openstack_containerinfra_clustertemplate_v1",
    parameters: ({ inventory }) => ({ coe: "kubernetes", image: inventory.imageName }),
  },
  {
    type: "openstack_containerinfra_cluster_v1",
    parameters: ({ inventory }) => ({ cluster_template_id: inventory.clusterTemplateId }),
  },
  {
    type: "openstack_containerinfra_nodegroup_v1",
    parameters: ({ out }) => ({ cluster_id: out("openstack_containerinfra_cluster_v1") }),
  },
  {
    type: "openstack_db_configuration_v1",
    parameters: () => ({ datastore: mysql, description: "generated service test" }),
  },
  {
    type: "openstack_db_instance_v1",
    parameters: () => ({ datastore: mysql, size: 1, volume_type: "lvmdriver-1", flavor_id: "d2" }),
  },
  { type: "openstack_db_database_v1", parameters: ({ out }) => ({ instance_id: out("openstack_db_instance_v1") }) },
  {
    type: "openstack_db_user_v1",
    parameters: ({ out }) => ({ instance_id: out("openstack_db_instance_v1"), password: "Generated-Test-Password-1" }),
  },
  { type: "openstack_dns_zone_v2", parameters: () => ({ name: "generated.example.com.", email: "admin@example.com" }) },
  {
    type: "openstack_dns_recordset_v2",
    parameters: ({ out }) => ({
      zone_id: out("openstack_dns_zone_v2"),
      name: "www.generated.example.com.",
      type: "A",
      records: ["192.0.2.1"],
    }),
  },
  { type: "openstack_fw_rule_v2", parameters: () => ({ action: "allow", protocol: "tcp" }) },
  { type: "openstack_fw_policy_v2", parameters: none },
  { type: "openstack_fw_group_v2", parameters: none },
  { type: "openstack_images_image_v2", parameters: () => ({ container_format: "bare", disk_format: "qcow2" }) },
  { type: "openstack_keymanager_container_v1", parameters: () => ({ type: "generic" }) },
  {
    type: "openstack_keymanager_order_v1",
    parameters: () => ({ type: "key", meta: [{ algorithm: "aes", bit_length: 256, mode: "cbc" }] }),
  },
  {
    type: "openstack_keymanager_secret_v1",
    parameters: () => ({ payload: "generated-test-payload-value", payload_content_type: "text/plain" }),
  },
  {
    type: "openstack_lb_loadbalancer_v2",
    parameters: ({ inventory }) => ({ vip_subnet_id: inventory.privateSubnetId }),
  },
  {
    type: "openstack_lb_listener_v2",
    parameters: ({ out }) => ({
      loadbalancer_id: out("openstack_lb_loadbalancer_v2"),
      protocol: "HTTP",
      protocol_port: 80,
    }),
  },
  {
    type: "openstack_lb_pool_v2",
    parameters: ({ out }) => ({
      listener_id: out("openstack_lb_listener_v2"),
      lb_method: "ROUND_ROBIN",
      protocol: "HTTP",
    }),
  },
  {
    type: "openstack_lb_member_v2",
    parameters: ({ out }) => ({ pool_id: out("openstack_lb_pool_v2"), address: "10.0.0.10", protocol_port: 8080 }),
  },
  {
    type: "openstack_lb_monitor_v2",
    parameters: ({ out }) => ({
      pool_id: out("openstack_lb_pool_v2"),
      type: "HTTP",
      delay: 5,
      timeout: 3,
      max_retries: 3,
    }),
  },
  {
    type: "openstack_lb_l7policy_v2",
    parameters: ({ out }) => ({ listener_id: out("openstack_lb_listener_v2"), action: "REJECT" }),
  },
  {
    type: "openstack_lb_l7rule_v2",
    parameters: ({ out }) => ({
      l7policy_id: out("openstack_lb_l7policy_v2"),
      type: "PATH",
      compare_type: "STARTS_WITH",
      value: "/api",
    }),
  },
  { type: "openstack_networking_address_group_v2", parameters: () => ({ addresses: ["10.0.0.0/24"] }) },
  { type: "openstack_networking_addressscope_v2", parameters: none },
  { type: "openstack_networking_floatingip_v2", parameters: () => ({ pool: "public" }) },
  { type: "openstack_networking_network_v2", parameters: none },
  {
    type: "openstack_networking_subnet_v2",
    parameters: ({ out }) => ({ network_id: out("openstack_networking_network_v2"), cidr: "10.77.0.0/24" }),
  },
  { type: "openstack_networking_port_v2", parameters: ({ inventory }) => ({ network_id: inventory.privateNetworkId }) },
  {
    type: "openstack_networking_trunk_v2",
    parameters: ({ out }) => ({ port_id: out("openstack_networking_port_v2") }),
  },
  { type: "openstack_networking_router_v2", parameters: none },
  { type: "openstack_networking_secgroup_v2", parameters: none },
  {
    type: "openstack_networking_secgroup_rule_v2",
    parameters: ({ out }) => ({
      security_group_id: out("openstack_networking_secgroup_v2"),
      direction: "ingress",
      ethertype: "IPv4",
    }),
  },
  { type: "openstack_networking_subnetpool_v2", parameters: () => ({ prefixes: ["10.100.0.0/16"] }) },
  { type: "openstack_objectstorage_container_v1", parameters: none },
  {
    type: "openstack_objectstorage_object_v1",
    parameters: ({ out }) => ({
      container_name: out("openstack_objectstorage_container_v1"),
      name: "generated-object",
      content: "hello",
    }),
  },
  {
    type: "openstack_objectstorage_tempurl_v1",
    parameters: ({ out }) => ({
      container: out("openstack_objectstorage_container_v1"),
      object: "generated-object",
      ttl: 60,
    }),
  },
  {
    type: "openstack_orchestration_stack_v1",
    parameters: () => ({
      template_opts: { Bin: "heat_template_version: 2018-08-31\nresources: {}\n" },
      // As the provider's own acceptance tests: gophercloud refuses a stack without an environment.
      environment_opts: { Bin: "\n" },
    }),
  },
  { type: "openstack_sharedfilesystem_securityservice_v2", parameters: () => ({ type: "ldap" }) },
  { type: "openstack_sharedfilesystem_share_v2", parameters: () => ({ share_proto: "NFS", size: 1 }) },
  {
    type: "openstack_sharedfilesystem_sharenetwork_v2",
    parameters: ({ inventory }) => ({
      neutron_net_id: inventory.privateNetworkId,
      neutron_subnet_id: inventory.privateSubnetId,
    }),
  },
  { type: "openstack_vpnaas_endpoint_group_v2", parameters: none },
  { type: "openstack_vpnaas_ike_policy_v2", parameters: none },
  { type: "openstack_vpnaas_ipsec_policy_v2", parameters: none },
  {
    type: "openstack_vpnaas_service_v2",
    parameters: ({ out }) => ({ router_id: out("openstack_networking_router_v2") }),
  },
  {
    type: "openstack_vpnaas_site_connection_v2",
    parameters: ({ out }) => ({
      ikepolicy_id: out("openstack_vpnaas_ike_policy_v2"),
      ipsecpolicy_id: out("openstack_vpnaas_ipsec_policy_v2"),
      vpnservice_id: out("openstack_vpnaas_service_v2"),
      peer_address: "192.0.2.20",
      peer_id: "192.0.2.20",
      peer_cidrs: ["192.168.50.0/24"],
      psk: "generated-test-preshared-key",
    }),
  },
];
