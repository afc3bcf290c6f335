import { resolveParameters } from "../catalog/parameters.js";
import type { OperationResult, RequestMeta, UpdateDetails } from "./service-broker.js";
import { asyncRequired, badRequest, concurrencyError, notFound, unprocessable } from "./errors.js";
import { checkMaintenanceInfo, newOperation, resolvePlan, same, type BrokerContext } from "./broker-context.js";
import { bindingOperationInProgress, operationInProgress } from "./operations.js";
import { describeDestructive, destructiveStatefulChanges } from "./stateful-resources.js";
import { providerDestructiveUpdates } from "./destructive-update-rules.js";
import type { PlanDefinition } from "../catalog/types.js";
import { previewRefusal } from "./preview-refusals.js";

/**
 * PATCH /v2/service_instances/:id. No plan_id: the plan does not change; no parameters: they do not
 * change. A context-only update is recorded at once (200) where the service allows context updates.
 */
export async function update(ctx: BrokerContext, instanceId: string, details: UpdateDetails, meta: RequestMeta): Promise<OperationResult> {
  return ctx.mutex.run(instanceId, async () => {
    const instance = await ctx.records.getInstance(instanceId);
    if (instance === undefined || instance.deleted) throw notFound(`instance ${instanceId} does not exist`);
    if (details.service_id !== instance.serviceId) throw badRequest(`service_id does not match instance ${instanceId}'s service`);
    const targetPlanId = details.plan_id ?? instance.planId;
    const { service, plan } = resolvePlan(ctx, details.service_id, targetPlanId);
    if (targetPlanId !== instance.planId && !(plan.plan_updateable ?? service.plan_updateable ?? false)) {
      throw unprocessable(`plan changes are not supported for service ${service.name}`);
    }
    checkMaintenanceInfo(plan, details.maintenance_info);
    // An instance never moves between clouds: a plan pinned to (or limited to) other clouds is refused.
    const allowedClouds = plan.cloud !== undefined ? [plan.cloud] : plan.clouds;
    if (instance.cloud !== undefined && allowedClouds !== undefined && !allowedClouds.includes(instance.cloud)) {
      throw unprocessable(`plan ${plan.name} runs on cloud ${allowedClouds.join(" or ")}; instance ${instanceId} is on ${instance.cloud} and cannot move`);
    }
    const changesParameters = details.parameters !== undefined;
    const { values, allowReplace } = changesParameters
      ? resolveParameters({ plan, action: "update", given: details.parameters ?? {}, previous: instance.values })
      : { values: instance.values, allowReplace: false };

    const contextOnly = targetPlanId === instance.planId && !changesParameters && details.maintenance_info === undefined;
    if (contextOnly) {
      if (details.context !== undefined && !same(details.context, instance.context)) {
        if (!service.allow_context_updates) throw unprocessable(`context updates are not allowed for service ${service.name}`);
        if (await operationInProgress(ctx, instance.lastOperationId, instanceId)) throw concurrencyError();
        await ctx.records.putInstance({ ...instance, context: details.context });
      }
      return { async: false };
    }
    if (!meta.acceptsIncomplete) throw asyncRequired();
    if (await operationInProgress(ctx, instance.lastOperationId, instanceId)) throw concurrencyError();
    // A bind/unbind reads the instance's outputs and runs in its own worker slot: never alongside an update.
    if (await bindingOperationInProgress(ctx, instanceId)) throw concurrencyError("a binding operation is in progress for this service instance");
    if (instance.status === "failed") throw unprocessable(`instance ${instanceId} failed to provision; deprovision it and provision again`);
    if (!allowReplace) await refuseDestructive(ctx, instanceId, plan, values, instance.secrets);

    const { allow_replace: _dropped, ...sentParameters } = (details.parameters ?? {}) as Record<string, unknown>;
    const op = newOperation("update", meta, { instanceId }, {
      allowReplace,
      target: {
        planId: targetPlanId,
        values,
        parameters: changesParameters ? { ...instance.parameters, ...sentParameters } : instance.parameters,
        context: details.context,
        maintenanceInfo: plan.maintenance_info,
      },
    });
    await ctx.records.putOperation(op);
    await ctx.records.putInstance({ ...instance, status: "updating", lastOperationId: op.id });
    ctx.worker.enqueue(op);
    return { async: true, operation: op.id };
  });
}

/**
 * 422 naming the resources when terraform's own plan (show -json) of the update would replace or
 * delete a stateful resource, or update one in place through a call that destroys its data (the
 * provider rules table's `destructiveUpdates`: a Nova image change rebuilds the server). The plan is
 * read-only (-lock=false); nothing is written. It goes through the broker's preview pool
 * (src/workspace/preview-pool.ts): bounded apart from CONCURRENCY and limited to
 * PREVIEW_TIMEOUT_SECONDS, so the request answers before a platform's timeout — 503 when the pool is
 * full, 422 when the plan fails or runs out of time.
 */
async function refuseDestructive(
  ctx: BrokerContext,
  instanceId: string,
  plan: PlanDefinition,
  values: Readonly<Record<string, unknown>>,
  secrets: Readonly<Record<string, string>>,
): Promise<void> {
  let changes;
  try {
    ({ changes } = await ctx.previewer.previewInstance({ instanceId, plan, values, secrets }));
  } catch (error) {
    throw previewRefusal(error, "update") ?? unprocessable(`terraform could not plan this update: ${(error as Error).message}`);
  }
  const destructive = destructiveStatefulChanges(ctx.catalog.stackFor(plan), changes, providerDestructiveUpdates());
  if (destructive.length > 0) throw unprocessable(describeDestructive(destructive));
}
