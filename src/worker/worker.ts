import type { Records, OperationRecord } from "../state/records.js";
import type { Logger } from "../logging/logger.js";
import { keys } from "../state/keys.js";
import { takeLease, type Lease } from "./lease.js";
import { runLeasedOperation, type Entry } from "./run-operation.js";
import type { JobHandler } from "./job.js";
import { retryWhileStoreUnavailable, type StoreRetryPolicy } from "./store-retry.js";
import { type BrokerMetrics, noMetrics } from "../domain/metrics.js";

export interface WorkerOptions {
  readonly records: Records;
  readonly jobs: Readonly<Record<OperationRecord["type"], JobHandler>>;
  /** Operations running at once, over all instances. Default 4. */
  readonly concurrency?: number;
  /** Limit for one operation. Default 1 hour. */
  readonly operationTimeoutMs?: number;
  readonly logger: Logger;
  /** This broker process, as lease owner. Default: a random id. */
  readonly brokerId?: string;
  /** Lease lifetime: another broker takes over an operation whose lease was not renewed for this long. Default 30 s. */
  readonly leaseTtlMs?: number;
  /**
   * Retries of the operation record's writes (the attempt count, the outcome) while the store is
   * unreachable. Default: for 3 × the lease TTL, backoff from 200 ms to 5 s.
   */
  readonly storeRetry?: StoreRetryPolicy;
  /** Where the outcomes, durations, queue and lease takeovers are recorded. Default: nowhere. */
  readonly metrics?: BrokerMetrics;
}

export interface Worker {
  /**
   * Queues a persisted operation. At most one operation per instance (or binding) runs at a time, and
   * only while this broker holds the operation's lease (given, or taken when it starts).
   */
  enqueue(op: OperationRecord, options?: { readonly lease?: Lease }): void;
  /**
   * Persists and queues a NEW operation: writes its lease first — a plain write (one round trip): no
   * other process can know an operation before its record exists, so no create-only write with its
   * settle wait is needed — then `persist` (which MUST write the operation record, then its instance
   * or binding record), then queues it with that lease. Until then {@link has} is true for it, so this
   * broker's resume scan leaves it alone. When `persist` fails the lease is released and the error
   * rethrown (the operation, if written, stays for the resume scan, as before).
   */
  submit(op: OperationRecord, persist: () => Promise<void>): Promise<void>;
  /** Whether the operation is queued or running here. */
  has(operationId: string): boolean;
  /** Aborts a queued or running operation (terraform gets SIGINT); it ends `failed` with `reason`. */
  cancel(operationId: string, reason: string): void;
  /** Resolves with the final record once the operation ends. */
  completion(operationId: string): Promise<OperationRecord>;
  /** Operations queued or running. */
  readonly pending: number;
  /** Aborts running work without recording an outcome (they resume at the next start). */
  stop(): Promise<void>;
  /**
   * Graceful shutdown: starts nothing more (queued operations stay in progress for the next start),
   * lets running operations finish for up to `graceMs`, then {@link stop}s the rest (terraform gets
   * SIGINT and writes its state; the leases are released).
   * @returns how many operations were still running when the grace period ended.
   */
  drain(graceMs: number): Promise<number>;
}

const keyOf = (op: OperationRecord) =>
  op.bindingId === undefined ? `i:${op.instanceId}` : `b:${op.instanceId}/${op.bindingId}`;

export function createWorker(options: WorkerOptions): Worker {
  const { records, logger } = options;
  const concurrency = options.concurrency ?? 4;
  const timeoutMs = options.operationTimeoutMs ?? 3_600_000;
  const brokerId = options.brokerId ?? `broker-${Math.random().toString(36).slice(2)}`;
  const leaseTtlMs = options.leaseTtlMs ?? 30_000;
  const entries = new Map<string, Entry>();
  /** New operations being persisted by {@link Worker.submit}: not queued yet, but ours. */
  const submitting = new Set<string>();
  const queue: string[] = [];
  const runningKeys = new Set<string>();
  let stopping = false;
  let draining = false;
  const metrics = options.metrics ?? noMetrics;
  const reportQueue = () => metrics.workerQueue(queue.length, runningKeys.size);

  const pump = () => {
    if (stopping || draining) return reportQueue();
    for (let i = 0; i < queue.length && runningKeys.size < concurrency; ) {
      const entry = entries.get(queue[i])!;
      const key = keyOf(entry.op);
      if (runningKeys.has(key)) {
        i++;
        continue;
      }
      queue.splice(i, 1);
      runningKeys.add(key);
      // MUST never reject: nobody awaits it, and an unhandled rejection ends the process.
      entry.done = execute(entry)
        .catch((error) => logger.error({ err: error, operation: entry.op.id }, "operation outcome not recorded"))
        .finally(() => {
          runningKeys.delete(key);
          entries.delete(entry.op.id);
          pump();
        });
    }
    reportQueue();
  };

  const storeRetry = options.storeRetry ?? { forMs: 3 * leaseTtlMs };
  // MUST outlast the lease: an outage that outlives it must not lose the outcome of finished work;
  // a lost lease (another broker took the operation over) stops the retries.
  const retryWrite = (entry: Entry, write: () => Promise<void>) =>
    retryWhileStoreUnavailable(write, {
      ...storeRetry,
      stop: () => entry.leaseLost === true,
      onRetry: (error, attempt) =>
        logger.warn({ err: error, operation: entry.op.id, attempt }, "store unreachable; retrying the operation write"),
    });

  const finish = async (entry: Entry, state: "succeeded" | "failed", description: string) => {
    const final: OperationRecord = { ...entry.op, state, description, updatedAt: new Date().toISOString() };
    await retryWrite(entry, () => records.putOperation(final));
    for (const resolve of entry.waiters) resolve(final);
  };

  async function execute(entry: Entry): Promise<void> {
    const { op } = entry;
    // MUST hold the operation's lease while running it, and release it after the outcome is written.
    entry.lease ??= await takeLease({
      store: records.store,
      key: keys.operationLease(op.instanceId, op.id),
      owner: brokerId,
      ttlMs: leaseTtlMs,
      onTakeover: () => metrics.leaseTakenOver(),
    });
    if (entry.lease === undefined) {
      logger.info({ operation: op.id }, "operation is being run by another broker");
      return;
    }
    entry.lease.onLost(() => {
      entry.leaseLost = true;
      entry.controller.abort(new Error("operation lease lost"));
    });
    const started = performance.now();
    let outcome: "succeeded" | "failed" | "interrupted" = "interrupted";
    try {
      await runLeasedOperation(entry, {
        records,
        logger,
        handler: options.jobs[op.type],
        timeoutMs,
        retryWrite,
        finish: async (e, state, description) => {
          await finish(e, state, description);
          outcome = state;
        },
        stopping: () => stopping,
      });
    } finally {
      metrics.operationEnded(op.type, outcome, (performance.now() - started) / 1000);
      await entry.lease
        .release()
        .catch((error) => logger.warn({ err: error, operation: op.id }, "lease release failed"));
    }
  }

  async function stop(): Promise<void> {
    stopping = true;
    const running = [...entries.values()].filter((entry) => entry.done !== undefined);
    for (const entry of running) entry.controller.abort(new Error("broker shutting down"));
    await Promise.allSettled(running.map((entry) => entry.done));
  }

  const worker: Worker = {
    enqueue(op, enqueueOptions) {
      if (entries.has(op.id)) return;
      entries.set(op.id, { op, lease: enqueueOptions?.lease, controller: new AbortController(), waiters: [] });
      queue.push(op.id);
      pump();
    },
    cancel(operationId, reason) {
      const entry = entries.get(operationId);
      if (entry === undefined) return;
      entry.cancelReason = reason;
      entry.controller.abort(new Error(reason));
      const queued = queue.indexOf(operationId);
      if (queued >= 0) {
        // Never started: record the outcome here, the job did nothing.
        queue.splice(queued, 1);
        entries.delete(operationId);
        reportQueue();
        void options.jobs[entry.op.type]
          .failed(entry.op, reason)
          .catch((error) =>
            logger.error({ err: error, operation: operationId }, "recording the failure on the records failed"),
          )
          .then(() => finish(entry, "failed", reason))
          .catch((error) => logger.error({ err: error, operation: operationId }, "operation outcome not recorded"))
          .finally(() => entry.lease?.release().catch(() => undefined));
      }
    },
    completion(operationId) {
      const entry = entries.get(operationId);
      if (entry !== undefined) return new Promise((resolve) => entry.waiters.push(resolve));
      return Promise.reject(new Error(`operation ${operationId} is not queued`));
    },
    async submit(op, persist) {
      submitting.add(op.id);
      let lease: Lease | undefined;
      try {
        lease = await takeLease({
          store: records.store,
          key: keys.operationLease(op.instanceId, op.id),
          owner: brokerId,
          ttlMs: leaseTtlMs,
          fresh: true,
        });
        await persist();
      } catch (error) {
        await lease?.release().catch(() => undefined);
        throw error;
      } finally {
        submitting.delete(op.id);
      }
      worker.enqueue(op, { lease });
    },
    has: (operationId) => entries.has(operationId) || submitting.has(operationId),
    get pending() {
      return entries.size;
    },
    async drain(graceMs) {
      draining = true;
      const running = [...entries.values()].flatMap((entry) => (entry.done === undefined ? [] : [entry.done]));
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([Promise.allSettled(running), graceOver]);
      clearTimeout(timer);
      const left = [...entries.values()].filter((entry) => entry.done !== undefined).length;
      await stop();
      return left;
    },
    stop,
  };
  return worker;
}
