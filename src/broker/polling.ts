import type { OperationRecord } from "../state/records.js";
import type { BindingView, InstanceView, LastOperation, PollDetails } from "../domain/service-broker.js";
import { BrokerError, badRequest, concurrencyError, notFound } from "../domain/errors.js";
import { isSafeId } from "../domain/ids.js";
import type { BrokerDeps } from "./broker-deps.js";
import { bindingMetadata } from "./binding-expiry.js";
import { withoutWriteOnly } from "./write-only.js";

/** What the polling endpoints use (they read records only; Retry-After from the operation times). */
export type PollingDeps = Pick<BrokerDeps, "catalog" | "records" | "operationTimes" | "drift">;

/**
 * The operation a poll asks about. Rules (OSB "Polling Last Operation": 400 for malformed data, 410
 * only for a finished deletion):
 * - no `operation`: the latest one;
 * - a malformed id (not an id the broker could have issued, e.g. `../x/operations/y`): 400;
 * - an operation of this instance (and binding): that one, whatever came after it;
 * - the bare type of the latest operation (`provision`...; some platforms send such literals): the latest;
 * - anything else (unknown, or another instance's or binding's): 400, never the latest one's state.
 */
async function pick(
  deps: PollingDeps,
  instanceId: string,
  latest: string,
  requested: string | undefined,
  bindingId?: string,
) {
  const latestOp = await deps.records.getOperation(instanceId, latest);
  if (requested === undefined || requested === latest) return latestOp;
  if (!isSafeId(requested))
    throw badRequest(`operation ${JSON.stringify(requested.slice(0, 60))} is not a valid operation id`);
  const named = await deps.records.getOperation(instanceId, requested);
  if (named !== undefined && named.bindingId === bindingId) return named;
  if (latestOp !== undefined && requested === latestOp.type) return latestOp;
  const of = bindingId === undefined ? `instance ${instanceId}` : `binding ${bindingId}`;
  throw badRequest(`operation ${requested} is not an operation of ${of}`);
}

/** Retry-After of a running operation: never more than its expected remaining time (operation-times.ts). */
function toLastOperation(deps: PollingDeps, planId: string, op: OperationRecord): LastOperation {
  const removal = op.type === "deprovision" || op.type === "unbind";
  return {
    state: op.state,
    description: op.description,
    retryAfterSeconds: op.state === "in progress" ? deps.operationTimes.retryAfterFor(planId, op) : undefined,
    gone: removal && op.state === "succeeded",
    instanceUsable: op.state === "failed" && (op.type === "update" || op.type === "deprovision") ? true : undefined,
    updateRepeatable: op.state === "failed" && op.type === "update" ? true : undefined,
  };
}

/** GET /v2/service_instances/:id/last_operation. 410 after a successful deprovision. */
export async function lastOperation(
  deps: PollingDeps,
  instanceId: string,
  details: PollDetails,
): Promise<LastOperation> {
  const instance = await deps.records.getInstance(instanceId);
  if (instance === undefined) throw notFound(`instance ${instanceId} does not exist`);
  const op = await pick(deps, instanceId, instance.lastOperationId, details.operation);
  if (op === undefined) throw notFound(`no operation for instance ${instanceId}`);
  return toLastOperation(deps, op.target?.planId ?? instance.planId, op);
}

/** GET .../service_bindings/:binding_id/last_operation. */
export async function lastBindingOperation(
  deps: PollingDeps,
  instanceId: string,
  bindingId: string,
  details: PollDetails,
): Promise<LastOperation> {
  const binding = await deps.records.getBinding(instanceId, bindingId);
  if (binding === undefined) throw notFound(`binding ${bindingId} does not exist`);
  const op = await pick(deps, instanceId, binding.lastOperationId, details.operation, bindingId);
  if (op === undefined) throw notFound(`no operation for binding ${bindingId}`);
  return toLastOperation(deps, binding.planId, op);
}

/** GET /v2/service_instances/:id: 404 while it is being created or once gone; 422 while updating. */
export async function getInstance(deps: PollingDeps, instanceId: string): Promise<InstanceView> {
  const instance = await deps.records.getInstance(instanceId);
  if (instance === undefined || instance.deleted || instance.status === "provisioning")
    throw notFound(`instance ${instanceId} does not exist`);
  if (instance.status === "updating")
    throw concurrencyError(
      `instance ${instanceId} is being updated (${instance.lastOperationId}); fetch it once the update has finished`,
    );
  const service = deps.catalog.services.find((s) => s.id === instance.serviceId);
  if (service !== undefined && !service.instances_retrievable)
    throw new BrokerError(400, `service ${service.name} does not allow fetching instances`);
  return {
    service_id: instance.serviceId,
    plan_id: instance.planId,
    parameters: withoutWriteOnly(instance.parameters, deps.catalog.services, instance, "instance"),
    maintenance_info: instance.maintenanceInfo,
    ...(instance.context === undefined ? {} : { context: instance.context }),
    ...(await driftMetadata(deps, instanceId)),
  };
}

/**
 * The instance's last drift check as OSB `metadata.attributes.drift` (v2.17 lets a broker return
 * `metadata` with `attributes` on a fetched instance): `{status, checked_at, resources?, error?}`.
 * Absent until a check has run. Reading it starts nothing: GET instance never runs terraform.
 */
async function driftMetadata(deps: PollingDeps, instanceId: string) {
  const drift = await deps.drift.get(instanceId).catch(() => undefined);
  if (drift === undefined) return {};
  const attributes = {
    drift: {
      status: drift.status,
      checked_at: drift.checkedAt,
      ...(drift.resources === undefined ? {} : { resources: drift.resources }),
      ...(drift.error === undefined ? {} : { error: drift.error }),
    },
  };
  return { metadata: { attributes } };
}

/** GET .../service_bindings/:binding_id: 404 unless the binding exists and is ready. */
export async function getBinding(deps: PollingDeps, instanceId: string, bindingId: string): Promise<BindingView> {
  const binding = await deps.records.getBinding(instanceId, bindingId);
  if (binding === undefined || binding.deleted || binding.status !== "ready")
    throw notFound(`binding ${bindingId} does not exist`);
  const service = deps.catalog.services.find((s) => s.id === binding.serviceId);
  if (service !== undefined && !service.bindings_retrievable)
    throw new BrokerError(400, `service ${service.name} does not allow fetching bindings`);
  const metadata = bindingMetadata(binding);
  const parameters = withoutWriteOnly(binding.parameters, deps.catalog.services, binding, "binding");
  return { credentials: binding.credentials, parameters, ...(metadata ? { metadata } : {}) };
}
