import { keys } from "./keys.js";
import type { StateStore } from "./state-store.js";
import { decodeJson, encodeJson } from "./state-store.js";
import type { Records } from "./records.js";

/** One resource a drift check found changed outside terraform (attribute names only, never values). */
export interface DriftedResource {
  readonly address: string;
  /** `update`: attributes differ from the state; `delete`: the object is gone from the cloud. */
  readonly action: "update" | "delete" | "replace" | "create";
  readonly attributes: readonly string[];
}

/** The last drift check of an instance (`terraform plan -refresh-only` against its state). */
export interface DriftResult {
  readonly status: "in_sync" | "drifted" | "error";
  /** When the check ran (UTC, `...Z`). */
  readonly checkedAt: string;
  /** `drifted`: what differs. */
  readonly resources?: readonly DriftedResource[];
  /** `error`: why the check could not run. */
  readonly error?: string;
}

/** Per status, how many instances' last check ended so (`unchecked`: never checked). */
export type DriftCounts = Readonly<Record<DriftResult["status"] | "unchecked", number>>;

/**
 * Drift results, stored with the instance (`instances/<id>/drift.json`) apart from its record: a
 * check never writes the record an operation writes, so it cannot undo an update's outcome.
 */
export interface DriftRecords {
  get(instanceId: string): Promise<DriftResult | undefined>;
  put(instanceId: string, result: DriftResult): Promise<void>;
  /** The counts over `instanceIds` (the live instances): what /metrics exports. */
  counts(instanceIds: readonly string[]): Promise<DriftCounts>;
}

/**
 * The drift counts of the store's live instances (not deleted): the function /metrics calls
 * (`openstack_broker_instances_drift{status="drifted"}` and so on).
 */
export async function countDrift(records: Records): Promise<DriftCounts> {
  const live: string[] = [];
  for (const id of await records.listInstanceIds()) {
    const instance = await records.getInstance(id);
    if (instance !== undefined && !instance.deleted) live.push(id);
  }
  return createDriftRecords(records.store).counts(live);
}

const driftKey = (instanceId: string) => `${keys.instancePrefix(instanceId)}drift.json`;

export function createDriftRecords(store: StateStore): DriftRecords {
  const get = async (instanceId: string) => {
    const body = await store.get(driftKey(instanceId));
    return body === undefined ? undefined : decodeJson<DriftResult>(body);
  };
  return {
    get,
    put: (instanceId, result) => store.put(driftKey(instanceId), encodeJson(result)),
    async counts(instanceIds) {
      const counts = { in_sync: 0, drifted: 0, error: 0, unchecked: 0 };
      for (const id of instanceIds) counts[(await get(id))?.status ?? "unchecked"]++;
      return counts;
    },
  };
}
