import type { OperationRecord, Records } from "../state/records.js";
import { keys } from "../state/keys.js";
import { breakLock } from "../state/locks.js";
import type { Logger } from "../logging/logger.js";
import type { JobHandler } from "./job.js";
import type { Worker } from "./worker.js";
import { takeLease } from "./lease.js";

export interface ResumeOptions {
  readonly records: Records;
  readonly worker: Worker;
  readonly jobs: Readonly<Record<OperationRecord["type"], JobHandler>>;
  readonly logger: Logger;
  /** This broker process (lease owner) and the lease lifetime; see lease.ts. */
  readonly brokerId: string;
  readonly leaseTtlMs: number;
  /** Called for each lease taken over from an expired holder (metrics). */
  readonly onTakeover?: () => void;
}

/**
 * Every operation left `in progress` by a broker that died (or stopped) runs again — the same terraform
 * operation, not marked failed. Called at start-up and then periodically, so that with several brokers
 * on one store, a dead broker's operations are taken over once their leases expire. Rules:
 * - an operation is touched only by the broker that takes its lease: a live broker's work is skipped;
 * - with the lease held, the terraform state lock left by the dead run is broken before the rerun;
 * - a provision or update superseded by a later deprovision of the same instance ends `failed`
 *   (it was being halted); the deprovision then runs;
 * - an operation whose instance or binding record was never written (a crash between the two
 *   writes) ends `failed`: nothing was created for it.
 * @returns how many operations were queued again.
 */
export async function resumeOperations(options: ResumeOptions): Promise<number> {
  const { records, worker, logger } = options;
  const unfinished = await records.listUnfinishedOperations();
  let queued = 0;
  for (const op of unfinished) {
    if (worker.has(op.id)) continue;
    const lease = await takeLease({
      store: records.store,
      key: keys.operationLease(op.instanceId, op.id),
      owner: options.brokerId,
      ttlMs: options.leaseTtlMs,
      onTakeover: options.onTakeover,
    });
    if (lease === undefined) continue; // a live broker runs it
    const fail = async (reason: string) => {
      try {
        await options.jobs[op.type].failed(op, reason).catch(() => undefined);
        await records.putOperation({
          ...op,
          state: "failed",
          description: reason,
          updatedAt: new Date().toISOString(),
        });
      } finally {
        await lease.release();
      }
    };
    const superseded = unfinished.some(
      (other) => other.type === "deprovision" && other.instanceId === op.instanceId && other.createdAt > op.createdAt,
    );
    if ((op.type === "provision" || op.type === "update") && superseded) {
      await fail("halted by deprovision");
      continue;
    }
    const instance = await records.getInstance(op.instanceId);
    const binding = op.bindingId === undefined ? undefined : await records.getBinding(op.instanceId, op.bindingId);
    if (instance === undefined || (op.bindingId !== undefined && binding === undefined)) {
      await fail("interrupted before the request was recorded; nothing was created");
      continue;
    }
    await breakLock(records.store, keys.tfstateLock({ instanceId: op.instanceId, bindingId: op.bindingId }));
    if (op.type === "deprovision") {
      for (const b of await records.listBindings(op.instanceId)) {
        await breakLock(records.store, keys.tfstateLock({ instanceId: op.instanceId, bindingId: b.id }));
      }
    }
    logger.info(
      { operation: op.id, type: op.type, instance: op.instanceId, attempts: op.attempts },
      "resuming operation",
    );
    worker.enqueue(op, { lease });
    queued++;
  }
  return queued;
}
