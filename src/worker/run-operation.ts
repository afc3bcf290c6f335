import type { OperationRecord, Records } from "../state/records.js";
import { createOperationLog, type OperationLog } from "./operation-log.js";
import { createProgressThrottle } from "./progress-throttle.js";
import type { Lease } from "./lease.js";
import type { Logger } from "../logging/logger.js";
import { operationLogBindings } from "./operation-log-bindings.js";
import type { JobHandler } from "./job.js";

/** An operation queued or running in the worker. */
export interface Entry {
  op: OperationRecord;
  lease?: Lease;
  /** Another broker took the operation over (our lease expired): record nothing. */
  leaseLost?: boolean;
  controller: AbortController;
  cancelReason?: string;
  waiters: ((op: OperationRecord) => void)[];
  done?: Promise<void>;
}

/** What running one operation needs from the worker. */
export interface RunOperationContext {
  readonly records: Records;
  readonly logger: Logger;
  readonly handler: JobHandler;
  readonly timeoutMs: number;
  /**
   * Runs a write of the operation record, retried while the store is unreachable (longer than the
   * lease), until the entry's lease is lost.
   */
  readonly retryWrite: (entry: Entry, write: () => Promise<void>) => Promise<void>;
  /** Writes the outcome (with {@link retryWrite}) and wakes the waiters. MUST be the operation's last write. */
  readonly finish: (entry: Entry, state: "succeeded" | "failed", description: string) => Promise<void>;
  /** Whether the worker is shutting down (then an interrupted operation records nothing: it resumes). */
  readonly stopping: () => boolean;
}

/**
 * Runs one operation whose lease this broker holds: counts the attempt, runs the job with progress
 * and log, and records the outcome — unless the broker is stopping or lost the lease (then the
 * operation stays `in progress` for whoever runs it next).
 */
export async function runLeasedOperation(entry: Entry, ctx: RunOperationContext): Promise<void> {
  const { op } = entry;
  const opLogger = ctx.logger.child(operationLogBindings(op));
  // MUST: a failed log write never decides the outcome (it is logged; the lines stay buffered).
  const log = await createOperationLog({
    store: ctx.records.store,
    instanceId: op.instanceId,
    operationId: op.id,
    // MUST: only an operation this process created (its lease written before its record) and never ran.
    fresh: entry.lease?.fresh === true && op.attempts === 0,
    onWriteError: (error) => opLogger.warn({ err: error }, "operation log write failed"),
  });
  // Progress writes are chained so the final outcome is always the last write.
  let writes: Promise<void> = Promise.resolve();
  const throttle = createProgressThrottle({
    initial: op.description,
    write: (description) => {
      entry.op = { ...entry.op, description, updatedAt: new Date().toISOString() };
      const snapshot = entry.op;
      writes = writes
        .then(() => ctx.records.putOperation(snapshot))
        .catch((error) => opLogger.warn({ err: error }, "progress write failed"));
    },
  });
  /** Ends progress reporting; its writes MUST land before the outcome (the outcome is the last write). */
  const endProgress = () => {
    throttle.end();
    return writes;
  };
  try {
    let description: string;
    try {
      entry.op = { ...op, attempts: op.attempts + 1, updatedAt: new Date().toISOString() };
      const started = entry.op;
      // The attempt count is written while the job starts (synthesis, the workspace; terraform comes
      // later) instead of before it: one store round trip off the operation's path. Progress writes
      // and the outcome are chained after it, and the outcome carries the count too (it stays the
      // last write). A crash within that one write leaves the count one short; the run resumes alike.
      writes = ctx
        .retryWrite(entry, () => ctx.records.putOperation(started))
        .catch((error) => opLogger.warn({ err: error }, "attempt count write failed"));
      log.broker(`attempt ${entry.op.attempts} started`);
      opLogger.info("operation started");
      description = await ctx.handler.run(entry.op, {
        logger: opLogger,
        signal: entry.controller.signal,
        log,
        progress: throttle.update,
        deadline: Date.now() + ctx.timeoutMs,
      });
      await endProgress();
    } catch (error) {
      await recordFailure(entry, ctx, log, opLogger, error, endProgress);
      return;
    }
    // The job succeeded: from here nothing may turn it into a failure. The log is flushed before the
    // outcome (a poller may read it right away) unless the store refuses it (the outcome never waits
    // on the log); a failed outcome write, after its retries, leaves the operation to be resumed.
    log.broker(`succeeded: ${description}`);
    await log.flush();
    await ctx.finish(entry, "succeeded", description);
    opLogger.info("operation succeeded");
  } finally {
    await log.close();
  }
}

/** The failure path of a run: nothing when the lease was lost or the broker is stopping, else the `failed` outcome. */
async function recordFailure(
  entry: Entry,
  ctx: RunOperationContext,
  log: OperationLog,
  opLogger: Logger,
  error: unknown,
  endProgress: () => Promise<void>,
): Promise<void> {
  await endProgress();
  if (entry.leaseLost) {
    log.broker("operation lease lost: another broker runs this operation now", "warn");
    return;
  }
  if (ctx.stopping() && entry.cancelReason === undefined) {
    // Interrupted by shutdown: no outcome is recorded; the operation resumes at the next start.
    log.broker("interrupted by broker shutdown; will resume", "warn");
    return;
  }
  const message = entry.cancelReason ?? (error instanceof Error ? error.message : String(error));
  log.broker(`failed: ${message}`, "error");
  opLogger.warn({ reason: message }, "operation failed");
  // The outcome MUST be recorded even when the job cannot record the failure on its records.
  await ctx.handler
    .failed(entry.op, message)
    .catch((e) => opLogger.error({ err: e }, "recording the failure on the records failed"));
  await log.flush();
  await ctx.finish(entry, "failed", message);
}
