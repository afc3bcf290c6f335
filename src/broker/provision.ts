import { resolveParameters } from "../catalog/parameters.js";
import type { InstanceRecord } from "../state/records.js";
import type { OperationResult, ProvisionDetails } from "../domain/service-broker.js";
import type { RequestMeta } from "../domain/request-meta.js";
import { asyncRequired, concurrencyError, instanceAlreadyExists } from "../domain/errors.js";
import { createCloudRouting } from "../cloud/cloud-routing.js";
import type { BrokerDeps } from "./broker-deps.js";
import { generateSecrets, newOperation } from "./new-records.js";
import { checkId, checkMaintenanceInfo, refusedAsBadRequest, resolvePlan } from "./request-checks.js";
import { provisionDifferences } from "./request-differences.js";

/**
 * The answer to an identical repeat of the provision of `existing` that needs no lock: 202 with the
 * same operation while it is being provisioned, 200 once ready (or being updated). Anything else
 * (no record, a difference, deprovisioning, failed) goes the locked way, which decides it.
 */
function repeatAnswer(existing: InstanceRecord | undefined, details: ProvisionDetails): OperationResult | undefined {
  if (existing === undefined || existing.deleted || provisionDifferences(existing, details).length > 0)
    return undefined;
  if (existing.status === "provisioning") return { async: true, operation: existing.lastOperationId };
  if (existing.status === "ready" || existing.status === "updating") return { async: false, alreadyExists: true };
  return undefined;
}

/** What provision uses. */
export type ProvisionDeps = Pick<BrokerDeps, "catalog" | "records" | "worker" | "mutex" | "clouds">;

/** A broker built without cloud routing still honours plan pins and requested clouds (no default, no mapping). */
const NO_ROUTING = createCloudRouting();

/**
 * PUT /v2/service_instances/:id. Validates everything before anything is written (a 4xx changes
 * nothing), then persists the operation and the instance record and queues the operation.
 * Identical request: 202 with the same operation while it runs, 200 once done; different: 409.
 */
export async function provision(
  deps: ProvisionDeps,
  instanceId: string,
  details: ProvisionDetails,
  meta: RequestMeta,
): Promise<OperationResult> {
  checkId(instanceId, "instance_id");
  const { plan } = resolvePlan(deps.catalog, details.service_id, details.plan_id);
  checkMaintenanceInfo(plan, details.maintenance_info);
  const { values, cloud: requested } = refusedAsBadRequest(() =>
    resolveParameters({ plan, action: "create", given: details.parameters ?? {} }),
  );
  // Which cloud serves the instance (400 when the request or the platform mapping is not allowed by
  // the plan); kept in the record and never changed afterwards (docs/clouds.md).
  const cloud = refusedAsBadRequest(() =>
    (deps.clouds ?? NO_ROUTING).choose({
      plan,
      requested,
      context: details.context,
      organizationGuid: details.organization_guid,
      spaceGuid: details.space_guid,
    }),
  );

  // A platform's repeat (Korifi re-sends the PUT on every reconcile) is answered without the
  // instance's mutex: the read changes nothing, and repeats must not queue behind each other.
  const repeat = repeatAnswer(await deps.records.getInstance(instanceId), details);
  if (repeat !== undefined) return repeat;

  return deps.mutex.run(instanceId, async () => {
    const existing = await deps.records.getInstance(instanceId);
    if (existing !== undefined && !existing.deleted) {
      const differs = provisionDifferences(existing, details);
      if (differs.length > 0) throw instanceAlreadyExists(differs);
      // 202 only while *provisioning* is in progress: an instance being updated is provisioned (200);
      // one being deprovisioned must not hand out its deprovision operation (its poll ends in 410).
      if (existing.status === "deprovisioning")
        throw concurrencyError(`instance ${instanceId} is being deprovisioned (${existing.lastOperationId})`);
      if (existing.status === "ready" || existing.status === "updating") return { async: false, alreadyExists: true };
      return { async: true, operation: existing.lastOperationId };
    }
    if (!meta.acceptsIncomplete) throw asyncRequired();

    const op = newOperation("provision", meta, { instanceId });
    const instance: InstanceRecord = {
      id: instanceId,
      serviceId: details.service_id,
      planId: details.plan_id,
      parameters: details.parameters ?? {},
      values,
      context: details.context,
      organizationGuid: details.organization_guid,
      spaceGuid: details.space_guid,
      maintenanceInfo: plan.maintenance_info,
      ...(cloud === undefined ? {} : { cloud }),
      status: "provisioning",
      outputs: {},
      secrets: generateSecrets(deps.catalog.stackFor(plan).secrets?.instance),
      lastOperationId: op.id,
      createdAt: op.createdAt,
    };
    // Crash safety: the operation first. A crash before the instance record is written leaves an
    // operation whose instance does not exist, which the resume marks failed (nothing was created).
    await deps.worker.submit(op, async () => {
      await deps.records.putOperation(op);
      await deps.records.putInstance(instance);
    });
    return { async: true, operation: op.id };
  });
}
