import type { PlanResourceChange } from "../terraform/plan-summary.js";
import type { ServiceDefinition } from "../synth/service-definition.js";
import type { DestructiveUpdate } from "../provider-rules/types.js";

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
  // A new listener is a new address:port apps connect to; a new pool has a new id, which every
  // binding's credential is limited to, and loses the members apps registered in it.
  "openstack_lb_listener_v2",
  "openstack_lb_pool_v2",
  "openstack_networking_floatingip_v2",
];

/**
 * The in-place updates of a resource type that destroy data although the resource keeps its id,
 * from the provider rules table's `destructiveUpdates` (src/provider-rules/types.ts), e.g. a Nova
 * server's image change: `servers.Rebuild` wipes the root disk.
 */
export type DestructiveUpdateLookup = (type: string) => readonly DestructiveUpdate[];

/** A planned change the broker refuses without `allow_replace`. */
export interface DestructiveChange extends PlanResourceChange {
  /** Set for an in-place update that destroys data: the rule and the changing attributes that trigger it. */
  readonly inPlace?: DestructiveUpdate & { readonly changing: readonly string[] };
}

/**
 * The planned changes that would lose data: a stateful resource (DEFAULT_STATEFUL_TYPES or the
 * service's `statefulResources`) replaced or deleted, and any resource updated in place through a
 * call that destroys data (`destructiveUpdates`, whatever its type).
 */
export function destructiveStatefulChanges(
  definition: ServiceDefinition,
  changes: readonly PlanResourceChange[],
  destructiveUpdates: DestructiveUpdateLookup = () => [],
): DestructiveChange[] {
  const stateful = new Set([...DEFAULT_STATEFUL_TYPES, ...(definition.statefulResources ?? [])]);
  const result: DestructiveChange[] = [];
  for (const change of changes) {
    if (change.mode !== "managed") continue;
    if (change.action === "replace" || change.action === "delete") {
      if (stateful.has(change.type) || stateful.has(change.address.replace(/\[[^\]]*\]$/, ""))) result.push(change);
      continue;
    }
    if (change.action !== "update") continue;
    const changed = new Set(change.attributes.map((a) => a.name));
    for (const rule of destructiveUpdates(change.type)) {
      const changing = rule.attributes.filter((name) => changed.has(name));
      if (changing.length > 0) {
        result.push({ ...change, inPlace: { ...rule, changing } });
        break;
      }
    }
  }
  return result;
}

/** What one destructive change does, for the 422 and the dry-run's warnings. */
export function describeChange(change: DestructiveChange): string {
  if (change.inPlace !== undefined) {
    const { changing, effect, call } = change.inPlace;
    return `update ${change.address} in place: changing ${changing.join(", ")} ${effect} (${call})`;
  }
  const because = change.replacedBecauseOf?.length
    ? ` (${change.replacedBecauseOf.join(", ")} forces replacement)`
    : "";
  return `${change.action === "delete" ? "delete" : "replace"} ${change.address}${because}`;
}

/** The 422 description naming each resource and why it would lose data. */
export function describeDestructive(changes: readonly DestructiveChange[]): string {
  return `this update would ${changes.map(describeChange).join("; ")}, losing its data; send parameters.allow_replace: true to accept`;
}
