import { badRequest } from "../domain/errors.js";
import type { BindDetails, BindRequest } from "../domain/service-broker.js";
import type { BindingRecord } from "../state/records.js";
import type { BrokerDeps } from "./broker-deps.js";
import { isExpired } from "./binding-expiry.js";
import { checkId, same } from "./request-checks.js";

/** What a rotation reads. */
export type RotationDeps = Pick<BrokerDeps, "catalog" | "records">;

const TAKEN = "a rotation takes service_id, plan_id, parameters and bind_resource from its predecessor";

/** The details a rotation copies from its predecessor (the request's own context wins: it is the platform's). */
function copiedFrom(predecessor: BindingRecord, request: BindRequest, predecessorId: string): BindDetails {
  const details: Record<string, unknown> = {
    service_id: predecessor.serviceId,
    plan_id: predecessor.planId,
    parameters: predecessor.parameters,
    app_guid: predecessor.appGuid,
    bind_resource: predecessor.bindResource,
    context: request.context ?? predecessor.context,
    predecessor_binding_id: predecessorId,
  };
  return Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)) as unknown as BindDetails;
}

/** 400 when the request gives a field that differs from the predecessor's. */
function refuseConflicts(request: BindRequest, predecessor: BindingRecord): void {
  const differs = (name: string, given: unknown, theirs: unknown) => {
    if (given === undefined) return;
    const equal = typeof given === "string" ? given === (theirs ?? "") : same(given, theirs);
    if (!equal)
      throw badRequest(
        `${name} differs from that of predecessor binding ${predecessor.id}: ${TAKEN} (send only predecessor_binding_id)`,
      );
  };
  differs("service_id", request.service_id, predecessor.serviceId);
  differs("plan_id", request.plan_id, predecessor.planId);
  differs("parameters", request.parameters, predecessor.parameters);
  differs("bind_resource", request.bind_resource, predecessor.bindResource);
  differs("app_guid", request.app_guid, predecessor.appGuid);
}

/**
 * The bind details of a request. Without `predecessor_binding_id`: the request itself (`service_id`
 * and `plan_id` required). With it (OSB "Rotating a Service Binding"): a new binding with its own
 * stack and fresh credentials, whose service, plan, parameters and bind_resource are the
 * predecessor's. The predecessor MUST be a ready, non-expired binding of the same instance whose plan
 * is `binding_rotatable`; fields the request gives MUST equal the predecessor's; else 400 naming why.
 * A repeat of a rotation already accepted answers from the new binding's record, even once the
 * predecessor is unbound. The predecessor is not changed: it works until unbound or expired.
 */
export async function resolveRotation(
  deps: RotationDeps,
  instanceId: string,
  bindingId: string,
  request: BindRequest,
  now: number,
): Promise<BindDetails> {
  const predecessorId = request.predecessor_binding_id;
  if (predecessorId === undefined) {
    if (request.service_id === undefined) throw badRequest("service_id is required in the request body");
    if (request.plan_id === undefined) throw badRequest("plan_id is required in the request body");
    return request as BindDetails;
  }
  checkId(predecessorId, "predecessor_binding_id");
  if (predecessorId === bindingId) throw badRequest("predecessor_binding_id names this binding itself");

  const existing = await deps.records.getBinding(instanceId, bindingId);
  if (existing !== undefined && !existing.deleted && existing.predecessorBindingId === predecessorId) {
    refuseConflicts(request, existing);
    return copiedFrom(existing, request, predecessorId);
  }

  const predecessor = await deps.records.getBinding(instanceId, predecessorId);
  if (predecessor === undefined || predecessor.deleted)
    throw badRequest(
      `predecessor_binding_id ${predecessorId} is not a binding of instance ${instanceId} (it does not exist, was unbound, or belongs to another instance)`,
    );
  if (predecessor.status !== "ready")
    throw badRequest(
      `predecessor binding ${predecessorId} is not ready (${predecessor.status}); only a ready binding can be rotated`,
    );
  if (isExpired(predecessor, now))
    throw badRequest(
      `predecessor binding ${predecessorId} expired at ${predecessor.expiresAt}; an expired binding cannot be rotated (bind anew without predecessor_binding_id)`,
    );
  const plan = deps.catalog.planById(predecessor.planId);
  if (plan === undefined)
    throw badRequest(`the plan of predecessor binding ${predecessorId} is no longer in the catalog`);
  if (plan.binding_rotatable !== true) {
    const service = deps.catalog.serviceOf(plan);
    throw badRequest(
      `plan ${plan.name} of service ${service.name} is not binding_rotatable: its bindings cannot be rotated (bind anew without predecessor_binding_id)`,
    );
  }
  refuseConflicts(request, predecessor);
  return copiedFrom(predecessor, request, predecessorId);
}
