import type { OperationRecord, Records } from "../state/records.js";
import { operationDurationMs, type OperationTimes } from "./operation-times.js";

/** Operations whose last write through these records was `in progress`, kept at most (oldest dropped first). */
const MAX_REMEMBERED = 10_000;

/**
 * Records that tell `times` how long each operation took: when an operation's outcome is written
 * over its "in progress" record (the worker's one outcome write; a retried write of the same outcome
 * is not counted twice), its duration is recorded under the instance's plan. Everything else passes
 * through. The worker and the broker MUST share this one object, so the broker's polls see the
 * worker's outcomes.
 * What the outcome is written over is known without reading the store when this object wrote the
 * operation `in progress` last (the worker writes the attempt count before every run): one store
 * round trip fewer on each outcome; otherwise the record is read first.
 */
export function timedRecords(records: Records, times: OperationTimes): Records {
  const inProgress = new Set<string>();
  const key = (op: OperationRecord) => `${op.instanceId}\n${op.id}`;
  return {
    ...records,
    async putOperation(record) {
      const ms = operationDurationMs(record);
      const known = inProgress.has(key(record));
      inProgress.delete(key(record));
      const before: Pick<OperationRecord, "state" | "target"> | undefined =
        ms === undefined
          ? undefined
          : known
            ? { state: "in progress", target: record.target }
            : await records.getOperation(record.instanceId, record.id);
      await records.putOperation(record);
      if (ms === undefined) {
        inProgress.add(key(record));
        if (inProgress.size > MAX_REMEMBERED) inProgress.delete(inProgress.values().next().value as string);
        return;
      }
      if (before?.state !== "in progress") return;
      const instance = await records.getInstance(record.instanceId);
      const planId = record.type === "update" ? (before.target?.planId ?? instance?.planId) : instance?.planId;
      if (planId !== undefined) times.record(planId, record.type, ms);
    },
  };
}
