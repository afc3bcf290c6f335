import { computeFlavor, computeInstance, computeKeypair } from "./compute.js";
import { dbDatabase, dbInstance, dbUser } from "./database.js";
import { dnsZone } from "./dns.js";
import { dnsRecordset } from "./dns-recordset.js";
import { volumeAttach } from "./volume-attach.js";
import { image } from "./image.js";
import { floatingIp, network, port, secgroup, subnet } from "./network.js";
import { stack } from "./orchestration.js";
import { router } from "./router.js";
import { container, object, volume } from "./storage.js";
import { applicationCredential, ec2Credential } from "./identity.js";
import { identityProject, identityRoleAssignment, identityUser } from "./identity-tenant.js";
import { cluster, clusterTemplate } from "./magnum.js";
import { barbicanContainer, barbicanSecret, loadBalancer, share, shareAccess, tempUrl } from "./services.js";
import type { ResourceBehaviour } from "./types.js";

const BEHAVIOURS: Readonly<Record<string, ResourceBehaviour>> = {
  openstack_compute_instance_v2: computeInstance,
  openstack_compute_keypair_v2: computeKeypair,
  openstack_compute_flavor_v2: computeFlavor,
  openstack_images_image_v2: image,
  openstack_db_instance_v1: dbInstance,
  openstack_db_user_v1: dbUser,
  openstack_db_database_v1: dbDatabase,
  openstack_dns_zone_v2: dnsZone,
  openstack_dns_recordset_v2: dnsRecordset,
  openstack_compute_volume_attach_v2: volumeAttach,
  openstack_networking_network_v2: network,
  openstack_networking_subnet_v2: subnet,
  openstack_networking_port_v2: port,
  openstack_networking_floatingip_v2: floatingIp,
  openstack_networking_secgroup_v2: secgroup,
  openstack_networking_router_v2: router,
  openstack_objectstorage_container_v1: container,
  openstack_objectstorage_object_v1: object,
  openstack_blockstorage_volume_v3: volume,
  openstack_orchestration_stack_v1: stack,
  openstack_identity_application_credential_v3: applicationCredential,
  openstack_identity_ec2_credential_v3: ec2Credential,
  openstack_identity_project_v3: identityProject,
  openstack_identity_user_v3: identityUser,
  openstack_identity_role_assignment_v3: identityRoleAssignment,
  openstack_objectstorage_tempurl_v1: tempUrl,
  openstack_lb_loadbalancer_v2: loadBalancer,
  openstack_containerinfra_cluster_v1: cluster,
  openstack_containerinfra_clustertemplate_v1: clusterTemplate,
  openstack_sharedfilesystem_share_v2: share,
  openstack_sharedfilesystem_share_access_v2: shareAccess,
  openstack_keymanager_secret_v1: barbicanSecret,
  openstack_keymanager_container_v1: barbicanContainer,
};

/** The behaviour of a resource type; types without one get generic values only. */
export function behaviourOf(type: string): ResourceBehaviour {
  return BEHAVIOURS[type] ?? {};
}
