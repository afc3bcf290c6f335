import { randomBytes, randomUUID } from "node:crypto";
import type { RequestMeta } from "../domain/request-meta.js";
import type { OperationRecord, OperationType } from "../state/records.js";

/** A new operation record, `in progress`, not yet persisted. */
export function newOperation(
  type: OperationType,
  meta: RequestMeta,
  ids: { instanceId: string; bindingId?: string },
  extra: Partial<OperationRecord> = {},
): OperationRecord {
  const now = new Date().toISOString();
  return {
    id: `${type}-${randomUUID()}`,
    type,
    instanceId: ids.instanceId,
    bindingId: ids.bindingId,
    state: "in progress",
    description: `${type} queued`,
    createdAt: now,
    updatedAt: now,
    attempts: 0,
    originatingIdentity: meta.originatingIdentity,
    requestIdentity: meta.requestIdentity,
    ...extra,
  };
}

/** Random secrets for the names a service declares (32 url-safe characters each). */
export function generateSecrets(names: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries((names ?? []).map((name) => [name, randomBytes(24).toString("base64url")]));
}
