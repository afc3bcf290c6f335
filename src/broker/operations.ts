import type { Records } from "../state/records.js";
import type { BrokerDeps } from "./broker-deps.js";

/** Whether the operation is still running (or queued). */
export async function operationInProgress(records: Records, operationId: string, instanceId: string): Promise<boolean> {
  const op = await records.getOperation(instanceId, operationId);
  return op?.state === "in progress";
}

/** Whether any binding of the instance has an operation in progress. */
export async function bindingOperationInProgress(records: Records, instanceId: string): Promise<boolean> {
  for (const binding of await records.listBindings(instanceId)) {
    if (await operationInProgress(records, binding.lastOperationId, instanceId)) return true;
  }
  return false;
}

/** Waits until an operation ends and returns its final record (it may already have ended). */
export async function waitForOperation(
  deps: Pick<BrokerDeps, "records" | "worker">,
  instanceId: string,
  operationId: string,
) {
  try {
    return await deps.worker.completion(operationId);
  } catch {
    const op = await deps.records.getOperation(instanceId, operationId);
    if (op === undefined || op.state === "in progress") throw new Error(`operation ${operationId} is not running`);
    return op;
  }
}
