import type { OperationRecord, OperationType } from "../state/records.js";

/** Options of {@link createOperationTimes}. */
export interface OperationTimesOptions {
  /** Durations kept per plan and operation type (the most recent ones). Default 10. */
  readonly keep?: number;
  /** Retry-After while nothing is known about the plan's operations of this type. Default 1 s. */
  readonly unknownSeconds?: number;
  /** The clock polls measure elapsed time with (ms since the epoch). Default Date.now. */
  readonly now?: () => number;
}

/**
 * How long the same plan's operations of a type recently took, kept in memory (cheap: a few numbers
 * per plan and type), and the Retry-After a poll of a running operation gets from them:
 * - expected remaining = median of the recent durations − time since the operation was accepted;
 * - Retry-After = the whole seconds of that (floor): MUST never be more than the expected remaining
 *   time, so 0 for an operation expected to finish within a second;
 * - past its expected duration: 0 when such operations take under a second, else 1 (it is late,
 *   nothing says by how much: ask again soon);
 * - nothing known yet (a new plan, a restarted broker): `unknownSeconds`.
 */
export interface OperationTimes {
  /** Records that an operation of `type` on `planId` took `ms` (accepted → outcome written). */
  record(planId: string, type: OperationType, ms: number): void;
  /** The expected duration (median of the recent ones), or undefined when none is known. */
  expectedMs(planId: string, type: OperationType): number | undefined;
  /** Seconds a platform should wait before polling an operation that has run for `elapsedMs`. */
  retryAfterSeconds(planId: string, type: OperationType, elapsedMs: number): number;
  /** {@link retryAfterSeconds} for a running operation of `planId`, elapsed since its `createdAt`. */
  retryAfterFor(planId: string, op: OperationRecord): number;
}

export function createOperationTimes(options: OperationTimesOptions = {}): OperationTimes {
  const keep = Math.max(1, options.keep ?? 10);
  const unknownSeconds = options.unknownSeconds ?? 1;
  const now = options.now ?? Date.now;
  const recent = new Map<string, number[]>();
  const keyOf = (planId: string, type: OperationType) => `${planId}\n${type}`;

  const times: OperationTimes = {
    record(planId, type, ms) {
      if (!Number.isFinite(ms) || ms < 0) return;
      const key = keyOf(planId, type);
      const list = recent.get(key) ?? [];
      list.push(ms);
      if (list.length > keep) list.shift();
      recent.set(key, list);
    },
    expectedMs(planId, type) {
      const list = recent.get(keyOf(planId, type));
      if (list === undefined || list.length === 0) return undefined;
      const sorted = [...list].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    },
    retryAfterSeconds(planId, type, elapsedMs) {
      const expected = times.expectedMs(planId, type);
      if (expected === undefined) return unknownSeconds;
      const remaining = expected - Math.max(0, elapsedMs);
      if (remaining > 0) return Math.floor(remaining / 1000);
      return expected < 1000 ? 0 : 1;
    },
    retryAfterFor(planId, op) {
      const elapsed = now() - Date.parse(op.createdAt);
      return times.retryAfterSeconds(planId, op.type, Number.isFinite(elapsed) ? elapsed : 0);
    },
  };
  return times;
}

/** How long a finished operation took from its acceptance to its outcome, or undefined if unknown. */
export function operationDurationMs(op: OperationRecord): number | undefined {
  if (op.state === "in progress") return undefined;
  const ms = Date.parse(op.updatedAt) - Date.parse(op.createdAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
