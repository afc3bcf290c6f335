import { resolveParameters } from "../catalog/parameters.js";
import type { BindingRecord } from "../state/records.js";
import type { BindRequest, BindResult } from "../domain/service-broker.js";
import type { RequestMeta } from "../domain/request-meta.js";
import {
  BrokerError,
  badRequest,
  bindingAlreadyExists,
  concurrencyError,
  notFound,
  unprocessable,
} from "../domain/errors.js";
import type { BrokerDeps } from "./broker-deps.js";
import { generateSecrets, newOperation } from "./new-records.js";
import { checkId, refusedAsBadRequest, resolvePlan } from "./request-checks.js";
import { bindDifferences } from "./request-differences.js";
import { inProgressError, operationInProgress, waitForOperation } from "./operations.js";
import { bindingMetadata, withExpiry } from "./binding-expiry.js";
import { resolveRotation } from "./rotation.js";

/** What bind uses. */
export type BindDeps = Pick<BrokerDeps, "catalog" | "records" | "worker" | "mutex">;

/**
 * PUT .../service_bindings/:binding_id. Asynchronous with accepts_incomplete=true (202, credentials
 * from GET binding), otherwise the broker waits for the binding stack and answers 201 with credentials.
 */
export async function bind(
  deps: BindDeps,
  instanceId: string,
  bindingId: string,
  request: BindRequest,
  meta: RequestMeta,
): Promise<BindResult> {
  checkId(bindingId, "binding_id");
  const now = Date.now();
  const details = await resolveRotation(deps, instanceId, bindingId, request, now); // rotation.ts
  const { service, plan } = resolvePlan(deps.catalog, details.service_id, details.plan_id);
  if (!(plan.bindable ?? service.bindable))
    throw badRequest(`plan ${plan.name} of service ${service.name} is not bindable`);
  const resolved = refusedAsBadRequest(() =>
    resolveParameters({ plan, action: "bind", given: details.parameters ?? {} }),
  );
  const { values, expiry } = withExpiry(deps.catalog.stackFor(plan), plan, resolved.values, now);

  const accepted = await deps.mutex.run(instanceId, async (): Promise<BindResult> => {
    const instance = await deps.records.getInstance(instanceId);
    if (instance === undefined || instance.deleted) throw notFound(`instance ${instanceId} does not exist`);
    if (instance.planId !== details.plan_id || instance.serviceId !== details.service_id) {
      throw badRequest(`service_id and plan_id must be those of instance ${instanceId}`);
    }
    const existing = await deps.records.getBinding(instanceId, bindingId);
    if (existing !== undefined && !existing.deleted) {
      const differs = bindDifferences(existing, details);
      if (differs.length > 0) throw bindingAlreadyExists(differs);
      // Never hand out an unbind operation as the answer to a bind (its poll ends in 410).
      if (existing.status === "unbinding")
        throw concurrencyError(`binding ${bindingId} is being deleted (${existing.lastOperationId})`);
      if (existing.status === "ready")
        return {
          async: false,
          alreadyExists: true,
          credentials: existing.credentials,
          metadata: bindingMetadata(existing),
        };
      if (meta.acceptsIncomplete) return { async: true, operation: existing.lastOperationId };
      throw concurrencyError(
        `binding ${bindingId} is still being created (${existing.lastOperationId}); repeat with accepts_incomplete=true or once it is done`,
      );
    }
    const running = await operationInProgress(deps.records, instance.lastOperationId, instanceId);
    if (running !== undefined) throw inProgressError(running);
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
      secrets: generateSecrets(deps.catalog.stackFor(plan).secrets?.binding),
      lastOperationId: op.id,
      createdAt: op.createdAt,
      ...expiry,
      ...(details.predecessor_binding_id === undefined ? {} : { predecessorBindingId: details.predecessor_binding_id }),
    };
    await deps.worker.submit(op, async () => {
      await deps.records.putOperation(op); // first: see provision.ts
      await deps.records.putBinding(binding);
    });
    return { async: true, operation: op.id };
  });
  if (accepted.async === false || meta.acceptsIncomplete) return accepted;

  // Synchronous bind: wait for the worker, then answer with the credentials or the failure.
  const final = await waitForOperation(deps, instanceId, accepted.operation!);
  if (final.state === "failed") throw new BrokerError(500, `bind failed: ${final.description}`);
  const binding = await deps.records.getBinding(instanceId, bindingId);
  return { async: false, credentials: binding?.credentials ?? {}, metadata: binding && bindingMetadata(binding) };
}
