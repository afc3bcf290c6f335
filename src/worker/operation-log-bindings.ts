import { originatingUser } from "../domain/originating-user.js";
import type { OperationRecord } from "../state/records.js";

/**
 * The fields of every log line of an operation (the worker's child logger): operation, type,
 * instance and binding ids, and from the request that started it the platform's request identity and
 * the originating user (its user id/name field only) — so an operator follows one request from the
 * HTTP request line to the terraform run, also after a resume on another broker.
 */
export function operationLogBindings(op: OperationRecord): Record<string, string> {
  const user = originatingUser(op.originatingIdentity);
  return {
    operation: op.id,
    type: op.type,
    instance: op.instanceId,
    ...(op.bindingId !== undefined ? { binding: op.bindingId } : {}),
    ...(op.requestIdentity !== undefined ? { requestIdentity: op.requestIdentity } : {}),
    ...(user !== undefined ? { user } : {}),
  };
}
