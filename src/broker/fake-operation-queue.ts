import type { OperationRecord } from "../state/records.js";
import type { OperationQueue } from "./broker-deps.js";

/**
 * The {@link OperationQueue} test double (beside its interface, as src/workspace/fake-workspace-runner.ts
 * is beside the workspace runner): it runs nothing and writes no record. It keeps what the broker
 * queued and cancelled; an operation stays queued until {@link FakeOperationQueue.settle} is given its
 * final record, which `completion` then resolves with (as the worker does after writing the outcome).
 */
export interface FakeOperationQueue extends OperationQueue {
  /** Every operation queued, in order (the record as the broker handed it over). */
  readonly enqueued: readonly OperationRecord[];
  /** Every cancellation, in order. */
  readonly cancelled: readonly { readonly operationId: string; readonly reason: string }[];
  /** Ends a queued operation: its `completion` waiters get `final`. Throws if it is not queued. */
  settle(final: OperationRecord): void;
  /** Whether the operation was queued and not yet settled. */
  has(operationId: string): boolean;
}

/** Options of {@link createFakeOperationQueue}. */
export interface FakeOperationQueueOptions {
  /**
   * Called after each enqueue (not awaited by the broker, like the worker's start): a test that
   * plays the worker finishes the operation here, e.g. for a synchronous bind.
   */
  readonly onEnqueue?: (op: OperationRecord) => void;
}

export function createFakeOperationQueue(options: FakeOperationQueueOptions = {}): FakeOperationQueue {
  const enqueued: OperationRecord[] = [];
  const cancelled: { operationId: string; reason: string }[] = [];
  const waiters = new Map<string, ((final: OperationRecord) => void)[]>();
  const queue: FakeOperationQueue = {
    enqueued,
    cancelled,
    async submit(op, persist) {
      await persist();
      queue.enqueue(op);
    },
    enqueue(op) {
      // The worker ignores a second enqueue of a queued operation; so does the fake.
      if (waiters.has(op.id)) return;
      enqueued.push(op);
      waiters.set(op.id, []);
      options.onEnqueue?.(op);
    },
    cancel(operationId, reason) {
      cancelled.push({ operationId, reason });
    },
    completion(operationId) {
      const list = waiters.get(operationId);
      // As the worker: an operation it does not hold has no completion to wait for.
      if (list === undefined) return Promise.reject(new Error(`operation ${operationId} is not queued`));
      return new Promise((resolve) => list.push(resolve));
    },
    settle(final) {
      const list = waiters.get(final.id);
      if (list === undefined) throw new Error(`operation ${final.id} is not queued`);
      waiters.delete(final.id);
      for (const resolve of list) resolve(final);
    },
    has: (operationId) => waiters.has(operationId),
  };
  return queue;
}
