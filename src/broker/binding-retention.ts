import type { BindingRecord, Records } from "../state/records.js";
import { keys } from "../state/keys.js";

/**
 * The bindings of a live instance that were unbound before `deletedBefore` (rotation leaves one per
 * rotation): their operation records, logs and leases go, except the unbind's record; the binding
 * record is slimmed to a tombstone (no parameters, values, bind resource, context or app), so the
 * binding's last_operation still answers 410 and its DELETE 410. The caller MUST hold the instance's
 * mutex (every binding endpoint takes it). Returns the objects removed, undefined when nothing changed.
 */
export async function sweepUnboundBindings(
  records: Records,
  instanceId: string,
  deletedBefore: number,
): Promise<number | undefined> {
  const due: BindingRecord[] = [];
  for (const binding of await records.listBindings(instanceId)) {
    if (binding.deleted !== true) continue;
    const last = await records.getOperation(instanceId, binding.lastOperationId);
    if (last?.type === "unbind" && last.state === "succeeded" && Date.parse(last.updatedAt) <= deletedBefore)
      due.push(binding);
  }
  if (due.length === 0) return undefined;
  const byId = new Map(due.map((binding) => [binding.id, binding]));
  let removed = 0;
  let changed = false;
  for (const op of await records.listOperations(instanceId)) {
    const binding = op.bindingId === undefined ? undefined : byId.get(op.bindingId);
    if (binding === undefined) continue;
    if (op.id !== binding.lastOperationId && (await records.deleteOperation(instanceId, op.id))) removed++;
    for (const key of [keys.operationLog(instanceId, op.id), keys.operationLease(instanceId, op.id)])
      if (await records.store.delete(key)) removed++;
  }
  for (const binding of due) {
    const ref = { instanceId, bindingId: binding.id };
    for (const key of [keys.tfstate(ref), keys.tfstateLock(ref)]) if (await records.store.delete(key)) removed++;
    const tombstone: BindingRecord = {
      id: binding.id,
      instanceId,
      serviceId: binding.serviceId,
      planId: binding.planId,
      parameters: {},
      values: {},
      status: binding.status,
      credentials: {},
      secrets: {},
      lastOperationId: binding.lastOperationId,
      createdAt: binding.createdAt,
      deleted: true,
    };
    if (JSON.stringify(tombstone) !== JSON.stringify(binding)) {
      await records.putBinding(tombstone);
      changed = true;
    }
  }
  return removed > 0 || changed ? removed : undefined;
}
