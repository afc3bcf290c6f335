import type { OperationRecord, Records } from "../state/records.js";
import { createOperationLog } from "./operation-log.js";
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
  /** Writes the outcome and wakes the waiters. MUST be the operation's last write. */
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
  const log = await createOperationLog({ store: ctx.records.store, instanceId: op.instanceId, operationId: op.id });
  const opLogger = ctx.logger.child(operationLogBindings(op));
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
    entry.op = { ...op, attempts: op.attempts + 1, updatedAt: new Date().toISOString() };
    await ctx.records.putOperation(entry.op);
    log.broker(`attempt ${entry.op.attempts} started`);
    opLogger.info("operation started");
    const description = await ctx.handler.run(entry.op, {
      logger: opLogger,
      signal: entry.controller.signal,
      log,
      progress: throttle.update,
      deadline: Date.now() + ctx.timeoutMs,
    });
    await endProgress();
    // The log MUST be complete before the outcome is visible (a poller may read it right away).
    log.broker(`succeeded: ${description}`);
    await log.flush();
    await ctx.finish(entry, "succeeded", description);
    opLogger.info("operation succeeded");
  } catch (error) {
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
    await log.flush().catch((e) => opLogger.warn({ err: e }, "log flush failed"));
    await ctx.finish(entry, "failed", message);
  } finally {
    await log.close();
  }
}
