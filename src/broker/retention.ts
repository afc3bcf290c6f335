import type { InstanceRecord } from "../state/records.js";
import { keys } from "../state/keys.js";
import type { BrokerDeps } from "./broker-deps.js";
import { sweepUnboundBindings } from "./binding-retention.js";

/** What the retention sweep uses: the records and the per-instance mutex the endpoints hold. */
export type RetentionDeps = Pick<BrokerDeps, "records" | "mutex">;

/** Options of {@link sweepDeletedInstances}. */
export interface RetentionOptions {
  /** How long a deleted instance's records, logs and bindings are kept after its deprovision (RETENTION_HOURS). */
  readonly retentionMs: number;
  /** The clock (ms since the epoch). Default Date.now. */
  readonly now?: number;
}

/** What a sweep did. */
export interface RetentionReport {
  /** Instances reduced to a tombstone, or whose unbound bindings were, by this sweep. */
  readonly instances: number;
  /** Objects removed from the store. */
  readonly objects: number;
}

/**
 * Removes what a deleted instance left once its deprovision succeeded `retentionMs` ago: every
 * operation record, log and lease, its bindings' records, leftover states and locks. What OSB needs
 * for its answers stays as a small tombstone (two objects): the instance record without parameters,
 * values, context or outputs (`deleted`: last_operation answers 410, DELETE 410, GET 404, PUT may
 * provision the id anew) and its last operation, the deprovision, so a poll naming it still gets 410.
 * A live instance's bindings unbound as long ago are reduced the same way (binding-retention.ts).
 * MUST: runs under the instance's mutex and only while the last operation is that finished deprovision,
 * so it never races an endpoint re-provisioning the id.
 */
export async function sweepDeletedInstances(deps: RetentionDeps, options: RetentionOptions): Promise<RetentionReport> {
  const now = options.now ?? Date.now();
  let instances = 0;
  let objects = 0;
  for (const id of await deps.records.listInstanceIds()) {
    const swept = await deps.mutex.run(id, () => sweepOne(deps, id, now - options.retentionMs));
    if (swept === undefined) continue;
    instances++;
    objects += swept;
  }
  return { instances, objects };
}

/** Objects removed, or undefined when the instance is not (or no longer) one to reduce. */
async function sweepOne(deps: RetentionDeps, id: string, deletedBefore: number): Promise<number | undefined> {
  const { records } = deps;
  const instance = await records.getInstance(id);
  if (instance === undefined) return undefined;
  if (instance.deleted !== true) return sweepUnboundBindings(records, id, deletedBefore);
  const last = await records.getOperation(id, instance.lastOperationId);
  if (last === undefined || last.type !== "deprovision" || last.state !== "succeeded") return undefined;
  if (!(Date.parse(last.updatedAt) <= deletedBefore)) return undefined;

  const kept = new Set([keys.instance(id), keys.operation(id, last.id)]);
  const all = (await records.store.list(keys.instancePrefix(id))).filter((key) => !kept.has(key));
  let removed = 0;
  const operation = /^instances\/[^/]+\/operations\/([^/]+)\.json$/;
  const binding = /^instances\/[^/]+\/bindings\/([^/]+)\/record\.json$/;
  for (const key of all) {
    const op = operation.exec(key);
    const bound = binding.exec(key);
    // Records go through `records` (a cache may hold them); logs, leases and states straight to the store.
    const done = op
      ? await records.deleteOperation(id, op[1])
      : bound
        ? await records.deleteBinding(id, bound[1])
        : await records.store.delete(key);
    if (done) removed++;
  }
  const tombstone: InstanceRecord = {
    id,
    serviceId: instance.serviceId,
    planId: instance.planId,
    parameters: {},
    values: {},
    status: instance.status,
    outputs: {},
    secrets: {},
    lastOperationId: instance.lastOperationId,
    createdAt: instance.createdAt,
    deleted: true,
  };
  const slim = JSON.stringify(tombstone) !== JSON.stringify(instance);
  if (slim) await records.putInstance(tombstone);
  return removed > 0 || slim ? removed : undefined;
}

/** The sweep as the broker offers it (bound to its records and mutex; scheduled by `serve`). */
export interface BrokerRetention {
  sweepDeleted(options: RetentionOptions): Promise<RetentionReport>;
}
