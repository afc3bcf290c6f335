import { resolveParameters } from "../catalog/parameters.js";
import type { BindingRecord } from "../state/records.js";
import type { BindDetails, BindResult } from "../domain/service-broker.js";
import type { RequestMeta } from "../domain/request-meta.js";
import { BrokerError, badRequest, bindingAlreadyExists, concurrencyError, notFound, unprocessable } from "../domain/errors.js";
import { checkId, generateSecrets, newOperation, resolvePlan, same, type BrokerContext } from "./broker-context.js";
import { operationInProgress, waitForOperation } from "./operations.js";

/**
 * PUT .../service_bindings/:binding_id. Asynchronous with accepts_incomplete=true (202, credentials
 * from GET binding), otherwise the broker waits for the binding stack and answers 201 with credentials.
 */
export async function bind(ctx: BrokerContext, instanceId: string, bindingId: string, details: BindDetails, meta: RequestMeta): Promise<BindResult> {
  checkId(bindingId, "binding_id");
  const { service, plan } = resolvePlan(ctx, details.service_id, details.plan_id);
  if (!(plan.bindable ?? service.bindable)) throw badRequest(`plan ${plan.name} of service ${service.name} is not bindable`);
  const { values } = resolveParameters({ plan, action: "bind", given: details.parameters ?? {} });

  const accepted = await ctx.mutex.run(instanceId, async (): Promise<BindResult> => {
    const instance = await ctx.records.getInstance(instanceId);
    if (instance === undefined || instance.deleted) throw notFound(`instance ${instanceId} does not exist`);
    if (instance.planId !== details.plan_id || instance.serviceId !== details.service_id) {
      throw badRequest(`service_id and plan_id must be those of instance ${instanceId}`);
    }
    const existing = await ctx.records.getBinding(instanceId, bindingId);
    if (existing !== undefined && !existing.deleted) {
      const identical = same(existing.parameters, details.parameters) && (existing.appGuid ?? "") === (details.app_guid ?? "") && same(existing.bindResource, details.bind_resource);
      if (!identical) throw bindingAlreadyExists();
      // Never hand out an unbind operation as the answer to a bind (its poll ends in 410).
      if (existing.status === "unbinding") throw concurrencyError("this binding is being deleted");
      if (existing.status === "ready") return { async: false, alreadyExists: true, credentials: existing.credentials };
      if (meta.acceptsIncomplete) return { async: true, operation: existing.lastOperationId };
      throw concurrencyError("this binding is still being created");
    }
    if (await operationInProgress(ctx, instance.lastOperationId, instanceId)) throw concurrencyError();
    if (instance.status !== "ready") throw unprocessable(`instance ${instanceId} is not ready (${instance.status})`);

    const op = newOperation("bind", meta, { instanceId, bindingId });
    const binding: BindingRecord = {
      id: bindingId,
      instanceId,
      serviceId: details.service_id,
      planId: details.plan_id,
      parameters: details.parameters ?? {},
      values,
      appGuid: details.app_guid,
      bindResource: details.bind_resource,
      context: details.context,
      status: "binding",
      credentials: {},
      secrets: generateSecrets(ctx.catalog.stackFor(plan).secrets?.binding),
      lastOperationId: op.id,
      createdAt: op.createdAt,
    };
    await ctx.records.putOperation(op); // first: see provision.ts
    await ctx.records.putBinding(binding);
    ctx.worker.enqueue(op);
    return { async: true, operation: op.id };
  });
  if (accepted.async === false || meta.acceptsIncomplete) return accepted;

  // Synchronous bind: wait for the worker, then answer with the credentials or the failure.
  const final = await waitForOperation(ctx, instanceId, accepted.operation!);
  if (final.state === "failed") throw new BrokerError(500, `bind failed: ${final.description}`);
  const binding = await ctx.records.getBinding(instanceId, bindingId);
  return { async: false, credentials: binding?.credentials ?? {} };
}
