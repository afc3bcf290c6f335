import type { Records } from "../state/records.js";
import { operationDurationMs, type OperationTimes } from "./operation-times.js";

/**
 * Records that tell `times` how long each operation took: when an operation's outcome is written
 * over its "in progress" record (the worker's one outcome write; a retried write of the same outcome
 * is not counted twice), its duration is recorded under the instance's plan. Everything else passes
 * through. The worker and the broker MUST share this one object, so the broker's polls see the
 * worker's outcomes.
 */
export function timedRecords(records: Records, times: OperationTimes): Records {
  return {
    ...records,
    async putOperation(record) {
      const ms = operationDurationMs(record);
      const before = ms === undefined ? undefined : await records.getOperation(record.instanceId, record.id);
      await records.putOperation(record);
      if (ms === undefined || before?.state !== "in progress") return;
      const instance = await records.getInstance(record.instanceId);
      const planId = record.type === "update" ? (before.target?.planId ?? instance?.planId) : instance?.planId;
      if (planId !== undefined) times.record(planId, record.type, ms);
    },
  };
}
