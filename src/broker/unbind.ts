import type { OperationResult, UnbindDetails } from "../domain/service-broker.js";
import type { RequestMeta } from "../domain/request-meta.js";
import { BrokerError, badRequest, bindingGone } from "../domain/errors.js";
import type { BrokerDeps } from "./broker-deps.js";
import { newOperation } from "./new-records.js";
import { inProgressError, waitForOperation } from "./operations.js";

/** What unbind uses. */
export type UnbindDeps = Pick<BrokerDeps, "records" | "worker" | "mutex">;

/** DELETE .../service_bindings/:binding_id: destroys only the binding stack. Sync unless accepts_incomplete. */
export async function unbind(
  deps: UnbindDeps,
  instanceId: string,
  bindingId: string,
  details: UnbindDetails,
  meta: RequestMeta,
): Promise<OperationResult> {
  const accepted = await deps.mutex.run(instanceId, async (): Promise<OperationResult> => {
    const instance = await deps.records.getInstance(instanceId);
    const binding = instance === undefined ? undefined : await deps.records.getBinding(instanceId, bindingId);
    if (instance === undefined || binding === undefined || binding.deleted || instance.deleted) throw bindingGone();
    if (details.service_id !== binding.serviceId || details.plan_id !== binding.planId) {
      throw badRequest(`service_id and plan_id must be those of binding ${bindingId}`);
    }
    const running = await deps.records.getOperation(instanceId, binding.lastOperationId);
    if (running?.state === "in progress") {
      if (running.type === "unbind" && meta.acceptsIncomplete) return { async: true, operation: running.id };
      throw inProgressError(running);
    }
    const instanceOp = await deps.records.getOperation(instanceId, instance.lastOperationId);
    if (instanceOp?.state === "in progress") throw inProgressError(instanceOp);

    const op = newOperation("unbind", meta, { instanceId, bindingId });
    await deps.worker.submit(op, async () => {
      await deps.records.putOperation(op);
      await deps.records.putBinding({ ...binding, status: "unbinding", lastOperationId: op.id });
    });
    return { async: true, operation: op.id };
  });
  if (meta.acceptsIncomplete) return accepted;
  const final = await waitForOperation(deps, instanceId, accepted.operation!);
  if (final.state === "failed") throw new BrokerError(500, `unbind failed: ${final.description}`);
  return { async: false };
}
