import type { DeprovisionDetails, OperationResult } from "../domain/service-broker.js";
import type { RequestMeta } from "../domain/request-meta.js";
import { asyncRequired, badRequest, instanceGone } from "../domain/errors.js";
import type { BrokerDeps } from "./broker-deps.js";
import { newOperation } from "./new-records.js";
import { bindingOperationInProgress, inProgressError } from "./operations.js";

/** What deprovision uses. */
export type DeprovisionDeps = Pick<BrokerDeps, "catalog" | "records" | "worker" | "mutex">;

/**
 * DELETE /v2/service_instances/:id. A deprovision during a provision or update halts it: terraform is
 * interrupted (SIGINT), the running operation ends `failed`, then the deprovision destroys whatever
 * was created. A repeated DELETE while one runs answers 202 with the same operation.
 */
export async function deprovision(
  deps: DeprovisionDeps,
  instanceId: string,
  details: DeprovisionDetails,
  meta: RequestMeta,
): Promise<OperationResult> {
  return deps.mutex.run(instanceId, async () => {
    const instance = await deps.records.getInstance(instanceId);
    if (instance === undefined || instance.deleted) throw instanceGone();
    if (details.service_id !== instance.serviceId)
      throw badRequest(`service_id does not match instance ${instanceId}'s service`);
    if (deps.catalog.planById(details.plan_id) === undefined)
      throw badRequest(`plan_id ${JSON.stringify(details.plan_id)} is not in the catalog`);
    if (!meta.acceptsIncomplete) throw asyncRequired();

    const running = await deps.records.getOperation(instanceId, instance.lastOperationId);
    if (running?.state === "in progress" && running.type === "deprovision")
      return { async: true, operation: running.id };
    const runningBinding = await bindingOperationInProgress(deps.records, instanceId);
    if (runningBinding !== undefined) throw inProgressError(runningBinding);

    const op = newOperation("deprovision", meta, { instanceId });
    await deps.worker.submit(op, async () => {
      await deps.records.putOperation(op);
      await deps.records.putInstance({ ...instance, status: "deprovisioning", lastOperationId: op.id });
      if (running?.state === "in progress") {
        await deps.records.putOperation({ ...running, cancelledBy: op.id });
        deps.worker.cancel(running.id, `halted by deprovision ${op.id}`);
      }
    });
    return { async: true, operation: op.id };
  });
}
