import type { Records, OperationRecord } from "../state/records.js";
import type { TerraformProgress } from "../terraform/types.js";
import { createProgressThrottle } from "./progress-throttle.js";
import { createOperationLog, type OperationLog } from "./operation-log.js";
import type { Logger } from "./logger.js";
import { keys } from "../state/keys.js";
import { takeLease, type Lease } from "./lease.js";

/** What a job receives besides its operation (graphile/worker style). */
export interface JobContext {
  readonly logger: Logger;
  /** Aborted when the operation is cancelled (a DELETE halting a provision) or the worker stops. */
  readonly signal: AbortSignal;
  readonly log: OperationLog;
  /** Reports terraform progress; the worker turns it into the operation's description. */
  readonly progress: (progress: TerraformProgress) => void;
  readonly deadline: number;
}

/**
 * A job carries out one operation type. `run` does the work and writes the instance/binding records;
 * `failed` records the failure on them. Only the worker writes the operation's own outcome.
 */
export interface JobHandler {
  run(op: OperationRecord, ctx: JobContext): Promise<string>;
  failed(op: OperationRecord, message: string): Promise<void>;
}

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
}

export interface Worker {
  /**
   * Queues a persisted operation. At most one operation per instance (or binding) runs at a time, and
   * only while this broker holds the operation's lease (given, or taken when it starts).
   */
  enqueue(op: OperationRecord, options?: { readonly lease?: Lease }): void;
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
}

interface Entry {
  op: OperationRecord;
  lease?: Lease;
  /** Another broker took the operation over (our lease expired): record nothing. */
  leaseLost?: boolean;
  controller: AbortController;
  cancelReason?: string;
  waiters: ((op: OperationRecord) => void)[];
  done?: Promise<void>;
}

const keyOf = (op: OperationRecord) => (op.bindingId === undefined ? `i:${op.instanceId}` : `b:${op.instanceId}/${op.bindingId}`);

export function createWorker(options: WorkerOptions): Worker {
  const { records, logger } = options;
  const concurrency = options.concurrency ?? 4;
  const timeoutMs = options.operationTimeoutMs ?? 3_600_000;
  const brokerId = options.brokerId ?? `broker-${Math.random().toString(36).slice(2)}`;
  const leaseTtlMs = options.leaseTtlMs ?? 30_000;
  const entries = new Map<string, Entry>();
  const queue: string[] = [];
  const runningKeys = new Set<string>();
  let stopping = false;

  const pump = () => {
    if (stopping) return;
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
  };

  const finish = async (entry: Entry, state: "succeeded" | "failed", description: string) => {
    const final: OperationRecord = { ...entry.op, state, description, updatedAt: new Date().toISOString() };
    await records.putOperation(final);
    for (const resolve of entry.waiters) resolve(final);
  };

  async function execute(entry: Entry): Promise<void> {
    const { op } = entry;
    // MUST hold the operation's lease while running it, and release it after the outcome is written.
    entry.lease ??= await takeLease({ store: records.store, key: keys.operationLease(op.instanceId, op.id), owner: brokerId, ttlMs: leaseTtlMs });
    if (entry.lease === undefined) {
      logger.info({ operation: op.id }, "operation is being run by another broker");
      return;
    }
    entry.lease.onLost(() => {
      entry.leaseLost = true;
      entry.controller.abort(new Error("operation lease lost"));
    });
    try {
      await executeLeased(entry);
    } finally {
      await entry.lease.release().catch((error) => logger.warn({ err: error, operation: op.id }, "lease release failed"));
    }
  }

  async function executeLeased(entry: Entry): Promise<void> {
    const { op } = entry;
    const handler = options.jobs[op.type];
    const log = await createOperationLog({ store: records.store, instanceId: op.instanceId, operationId: op.id });
    const opLogger = logger.child({ operation: op.id, type: op.type, instance: op.instanceId, binding: op.bindingId });
    // Progress writes are chained so the final outcome is always the last write.
    let writes: Promise<void> = Promise.resolve();
    const throttle = createProgressThrottle({
      initial: op.description,
      write: (description) => {
        entry.op = { ...entry.op, description, updatedAt: new Date().toISOString() };
        const snapshot = entry.op;
        writes = writes.then(() => records.putOperation(snapshot)).catch((error) => opLogger.warn({ err: error }, "progress write failed"));
      },
    });
    /** Ends progress reporting; its writes MUST land before the outcome (the outcome is the last write). */
    const endProgress = () => {
      throttle.end();
      return writes;
    };
    try {
      entry.op = { ...op, attempts: op.attempts + 1, updatedAt: new Date().toISOString() };
      await records.putOperation(entry.op);
      log.broker(`attempt ${entry.op.attempts} started`);
      opLogger.info("operation started");
      const description = await handler.run(entry.op, {
        logger: opLogger,
        signal: entry.controller.signal,
        log,
        progress: throttle.update,
        deadline: Date.now() + timeoutMs,
      });
      await endProgress();
      // The log MUST be complete before the outcome is visible (a poller may read it right away).
      log.broker(`succeeded: ${description}`);
      await log.flush();
      await finish(entry, "succeeded", description);
      opLogger.info("operation succeeded");
    } catch (error) {
      await endProgress();
      if (entry.leaseLost) {
        log.broker("operation lease lost: another broker runs this operation now", "warn");
        return;
      }
      if (stopping && entry.cancelReason === undefined) {
        // Interrupted by shutdown: no outcome is recorded; the operation resumes at the next start.
        log.broker("interrupted by broker shutdown; will resume", "warn");
        return;
      }
      const message = entry.cancelReason ?? (error instanceof Error ? error.message : String(error));
      log.broker(`failed: ${message}`, "error");
      opLogger.warn({ reason: message }, "operation failed");
      // The outcome MUST be recorded even when the job cannot record the failure on its records.
      await handler.failed(entry.op, message).catch((e) => opLogger.error({ err: e }, "recording the failure on the records failed"));
      await log.flush().catch((e) => opLogger.warn({ err: e }, "log flush failed"));
      await finish(entry, "failed", message);
    } finally {
      await log.close();
    }
  }

  return {
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
        void options.jobs[entry.op.type]
          .failed(entry.op, reason)
          .catch((error) => logger.error({ err: error, operation: operationId }, "recording the failure on the records failed"))
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
    has: (operationId) => entries.has(operationId),
    get pending() {
      return entries.size;
    },
    async stop() {
      stopping = true;
      const running = [...entries.values()].filter((entry) => entry.done !== undefined);
      for (const entry of running) entry.controller.abort(new Error("broker shutting down"));
      await Promise.allSettled(running.map((entry) => entry.done));
    },
  };
}
