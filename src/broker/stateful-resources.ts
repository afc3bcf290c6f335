import type { PlanResourceChange } from "../terraform/plan-summary.js";
import type { ServiceDefinition } from "../synth/service-definition.js";

/** OpenStack resource types whose replacement or deletion loses data or identity an app depends on. */
export const DEFAULT_STATEFUL_TYPES: readonly string[] = [
  "openstack_db_instance_v1",
  "openstack_db_database_v1",
  "openstack_blockstorage_volume_v3",
  "openstack_sharedfilesystem_share_v2",
  "openstack_objectstorage_container_v1",
  "openstack_compute_instance_v2",
  "openstack_orchestration_stack_v1",
  "openstack_containerinfra_cluster_v1",
  "openstack_dns_zone_v2",
  "openstack_keymanager_secret_v1",
  "openstack_keymanager_container_v1",
  "openstack_lb_loadbalancer_v2",
  "openstack_networking_floatingip_v2",
];

/** The planned changes that would replace or delete a stateful resource. */
export function destructiveStatefulChanges(definition: ServiceDefinition, changes: readonly PlanResourceChange[]): PlanResourceChange[] {
  const stateful = new Set([...DEFAULT_STATEFUL_TYPES, ...(definition.statefulResources ?? [])]);
  return changes.filter(
    (c) => c.mode === "managed" && (c.action === "replace" || c.action === "delete") && (stateful.has(c.type) || stateful.has(c.address.replace(/\[[^\]]*\]$/, ""))),
  );
}

/** The 422 description naming each resource and why terraform would replace it. */
export function describeDestructive(changes: readonly PlanResourceChange[]): string {
  const parts = changes.map((c) => {
    const because = c.replacedBecauseOf?.length ? ` (${c.replacedBecauseOf.join(", ")} forces replacement)` : "";
    return `${c.action === "delete" ? "delete" : "replace"} ${c.address}${because}`;
  });
  return `this update would ${parts.join("; ")}, losing its data; send parameters.allow_replace: true to accept`;
}
