import { resolveParameters } from "../catalog/parameters.js";
import type { OperationResult, UpdateDetails } from "../domain/service-broker.js";
import type { RequestMeta } from "../domain/request-meta.js";
import { asyncRequired, badRequest, notFound, unprocessable } from "../domain/errors.js";
import type { BrokerDeps } from "./broker-deps.js";
import { newOperation } from "./new-records.js";
import { checkMaintenanceInfo, refusedAsBadRequest, resolvePlan, same } from "./request-checks.js";
import { bindingOperationInProgress, inProgressError, operationInProgress } from "./operations.js";
import { describeDestructive, destructiveStatefulChanges } from "./stateful-resources.js";
import { providerDestructiveUpdates } from "./destructive-update-rules.js";
import type { PlanDefinition } from "../domain/service-catalog.js";
import { previewRefusal } from "./preview-refusals.js";
import { cloudRefusedChanges } from "./cloud-refused-updates.js";

/** What update uses. */
export type UpdateDeps = Pick<BrokerDeps, "catalog" | "records" | "worker" | "previewer" | "mutex">;

/**
 * PATCH /v2/service_instances/:id. No plan_id: the plan does not change; no parameters: they do not
 * change. A context-only update is recorded at once (200) where the service allows context updates.
 */
export async function update(
  deps: UpdateDeps,
  instanceId: string,
  details: UpdateDetails,
  meta: RequestMeta,
): Promise<OperationResult> {
  return deps.mutex.run(instanceId, async () => {
    const instance = await deps.records.getInstance(instanceId);
    if (instance === undefined || instance.deleted) throw notFound(`instance ${instanceId} does not exist`);
    if (details.service_id !== instance.serviceId)
      throw badRequest(`service_id does not match instance ${instanceId}'s service`);
    const targetPlanId = details.plan_id ?? instance.planId;
    const { service, plan } = resolvePlan(deps.catalog, details.service_id, targetPlanId);
    if (targetPlanId !== instance.planId && !(plan.plan_updateable ?? service.plan_updateable ?? false)) {
      throw unprocessable(`plan changes are not supported for service ${service.name}`);
    }
    checkMaintenanceInfo(plan, details.maintenance_info);
    // An instance never moves between clouds: a plan pinned to (or limited to) other clouds is refused.
    const allowedClouds = plan.cloud !== undefined ? [plan.cloud] : plan.clouds;
    if (instance.cloud !== undefined && allowedClouds !== undefined && !allowedClouds.includes(instance.cloud)) {
      throw unprocessable(
        `plan ${plan.name} runs on cloud ${allowedClouds.join(" or ")}; instance ${instanceId} is on ${instance.cloud} and cannot move`,
      );
    }
    const changesParameters = details.parameters !== undefined;
    const { values, allowReplace } = changesParameters
      ? refusedAsBadRequest(() =>
          resolveParameters({ plan, action: "update", given: details.parameters ?? {}, previous: instance.values }),
        )
      : { values: instance.values, allowReplace: false };

    // An upgrade: the request carries the plan's current maintenance_info.version (checked above) and
    // the instance was applied with another one. The same version as the instance's changes nothing
    // (Go clients send maintenance_info on every update).
    const upgrading =
      details.maintenance_info !== undefined && details.maintenance_info.version !== instance.maintenanceInfo?.version;
    const contextOnly = targetPlanId === instance.planId && !changesParameters && !upgrading;
    if (contextOnly) {
      if (details.context !== undefined && !same(details.context, instance.context)) {
        if (!service.allow_context_updates)
          throw unprocessable(`context updates are not allowed for service ${service.name}`);
        const running = await operationInProgress(deps.records, instance.lastOperationId, instanceId);
        if (running !== undefined) throw inProgressError(running);
        await deps.records.putInstance({ ...instance, context: details.context });
      }
      return { async: false };
    }
    if (!meta.acceptsIncomplete) throw asyncRequired();
    const running = await operationInProgress(deps.records, instance.lastOperationId, instanceId);
    if (running !== undefined) throw inProgressError(running);
    // A bind/unbind reads the instance's outputs and runs in its own worker slot: never alongside an update.
    const runningBinding = await bindingOperationInProgress(deps.records, instanceId);
    if (runningBinding !== undefined) throw inProgressError(runningBinding);
    if (instance.status === "failed")
      throw unprocessable(`instance ${instanceId} failed to provision; deprovision it and provision again`);
    if (!allowReplace) await refuseDestructive(deps, instanceId, plan, values, instance.secrets);

    const op = newOperation(
      "update",
      meta,
      { instanceId },
      {
        allowReplace,
        target: {
          planId: targetPlanId,
          values,
          // MUST be the parameters exactly as sent (allow_replace included, nothing merged in): a client
          // such as Crossplane's provider-osb compares GET instance's parameters with its spec deeply
          // and updates again on any difference. `values` above carry the merged effective settings.
          parameters: changesParameters ? (details.parameters ?? {}) : instance.parameters,
          context: details.context,
          maintenanceInfo: plan.maintenance_info,
        },
      },
    );
    await deps.worker.submit(op, async () => {
      await deps.records.putOperation(op);
      await deps.records.putInstance({ ...instance, status: "updating", lastOperationId: op.id });
    });
    return { async: true, operation: op.id };
  });
}

/**
 * 422 naming the resources when terraform's own plan (show -json) of the update would replace or
 * delete a stateful resource, or update one in place through a call that destroys its data (the
 * provider rules table's `destructiveUpdates`: a Nova image change rebuilds the server), or make
 * an in-place change the cloud refuses (cloud-refused-updates.ts: a smaller Cinder volume). The plan is
 * read-only (-lock=false); nothing is written. It goes through the broker's preview pool
 * (src/workspace/preview-pool.ts): bounded apart from CONCURRENCY and limited to
 * PREVIEW_TIMEOUT_SECONDS, so the request answers before a platform's timeout — 503 when the pool is
 * full, 422 when the plan fails or runs out of time.
 */
async function refuseDestructive(
  deps: Pick<BrokerDeps, "catalog" | "previewer">,
  instanceId: string,
  plan: PlanDefinition,
  values: Readonly<Record<string, unknown>>,
  secrets: Readonly<Record<string, string>>,
): Promise<void> {
  let changes;
  try {
    ({ changes } = await deps.previewer.previewInstance({ instanceId, plan, values, secrets }));
  } catch (error) {
    throw (
      previewRefusal(error, "update") ??
      unprocessable(`terraform could not plan this update: ${(error as Error).message}`)
    );
  }
  const refused = cloudRefusedChanges(changes);
  if (refused.length > 0) throw unprocessable(`this update cannot be made: ${refused.join("; ")}`);
  const destructive = destructiveStatefulChanges(deps.catalog.stackFor(plan), changes, providerDestructiveUpdates());
  if (destructive.length > 0) throw unprocessable(describeDestructive(destructive));
}
