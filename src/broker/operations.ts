import { concurrencyError, type BrokerError } from "../domain/errors.js";
import type { OperationRecord, Records } from "../state/records.js";
import type { BrokerDeps } from "./broker-deps.js";

/** The operation when it is still running (or queued), else undefined. */
export async function operationInProgress(
  records: Records,
  operationId: string,
  instanceId: string,
): Promise<OperationRecord | undefined> {
  const op = await records.getOperation(instanceId, operationId);
  return op?.state === "in progress" ? op : undefined;
}

/** The operation of a binding of the instance that is in progress, if any. */
export async function bindingOperationInProgress(
  records: Records,
  instanceId: string,
): Promise<OperationRecord | undefined> {
  for (const binding of await records.listBindings(instanceId)) {
    const running = await operationInProgress(records, binding.lastOperationId, instanceId);
    if (running !== undefined) return running;
  }
  return undefined;
}

/**
 * 422 ConcurrencyError saying what is in progress: the operation's type and id, and its instance or
 * binding (a client shows it; the operation id is what its last_operation poll names).
 */
export function inProgressError(op: OperationRecord): BrokerError {
  const of =
    op.bindingId === undefined ? `instance ${op.instanceId}` : `binding ${op.bindingId} of instance ${op.instanceId}`;
  return concurrencyError(`${op.type} operation ${op.id} is in progress for ${of}; retry when it has finished`);
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
