import type { PlanResourceChange } from "../terraform/plan-summary.js";

/**
 * An in-place update the cloud refuses whatever the request says (`allow_replace` cannot help: the
 * provider does not replace the resource, it calls an API that answers 400).
 */
export interface CloudRefusedUpdate {
  readonly type: string;
  readonly attribute: string;
  /** True when the change from `before` to `after` is refused. */
  readonly refuses: (before: unknown, after: unknown) => boolean;
  /** Why, for the 422. */
  readonly why: string;
}

/**
 * The refused updates known to the broker. MUST name only changes the provider makes in place
 * (not ForceNew) and the service refuses for every value, so refusing early loses nothing.
 */
export const CLOUD_REFUSED_UPDATES: readonly CloudRefusedUpdate[] = [
  {
    // resourceBlockStorageVolumeV3Update: size is not ForceNew; it calls volumes.ExtendSize, and
    // Cinder's extend refuses a size that is not larger (cinder/volume/api.py: InvalidInput, 400).
    type: "openstack_blockstorage_volume_v3",
    attribute: "size",
    refuses: (before, after) => typeof before === "number" && typeof after === "number" && after < before,
    why: "Cinder can only extend a volume, never shrink it",
  },
];

/** One sentence per planned change the cloud would refuse; empty when none. */
export function cloudRefusedChanges(
  changes: readonly PlanResourceChange[],
  rules: readonly CloudRefusedUpdate[] = CLOUD_REFUSED_UPDATES,
): string[] {
  const refused: string[] = [];
  for (const change of changes) {
    if (change.mode !== "managed" || change.action !== "update") continue;
    for (const rule of rules) {
      if (rule.type !== change.type) continue;
      const attribute = change.attributes.find((a) => a.name === rule.attribute && !a.sensitive && !a.unknownAfter);
      if (attribute && rule.refuses(attribute.before, attribute.after))
        refused.push(
          `${change.address}: ${rule.attribute} ${JSON.stringify(attribute.before)} -> ${JSON.stringify(attribute.after)} is refused (${rule.why})`,
        );
    }
  }
  return refused;
}
