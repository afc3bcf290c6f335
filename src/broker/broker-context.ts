import { randomBytes, randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { Catalog } from "../catalog/catalog.js";
import type { PlanDefinition, ServiceOffering } from "../catalog/types.js";
import type { OperationRecord, OperationType, Records } from "../state/records.js";
import { isSafeId } from "../state/keys.js";
import type { Worker } from "../worker/worker.js";
import type { Previewer } from "../workspace/preview.js";
import type { KeyedMutex } from "./keyed-mutex.js";
import type { CloudRouting } from "../cloud/cloud-routing.js";
import type { RequestMeta } from "./service-broker.js";
import { badRequest, maintenanceInfoConflict } from "./errors.js";

/** What the endpoint implementations share. */
export interface BrokerContext {
  readonly catalog: Catalog;
  readonly records: Records;
  readonly worker: Worker;
  /** Plans updates before accepting them (destructive-change check): the bounded preview pool. */
  readonly previewer: Previewer;
  readonly mutex: KeyedMutex;
  /** Chooses a new instance's cloud (src/cloud/cloud-routing.ts). Absent: plan pins and requested clouds only. */
  readonly clouds?: CloudRouting;
}

/** A new operation record, `in progress`, not yet persisted. */
export function newOperation(
  type: OperationType,
  meta: RequestMeta,
  ids: { instanceId: string; bindingId?: string },
  extra: Partial<OperationRecord> = {},
): OperationRecord {
  const now = new Date().toISOString();
  return {
    id: `${type}-${randomUUID()}`,
    type,
    instanceId: ids.instanceId,
    bindingId: ids.bindingId,
    state: "in progress",
    description: `${type} queued`,
    createdAt: now,
    updatedAt: now,
    attempts: 0,
    originatingIdentity: meta.originatingIdentity,
    requestIdentity: meta.requestIdentity,
    ...extra,
  };
}

/** Random secrets for the names a service declares (32 url-safe characters each). */
export function generateSecrets(names: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries((names ?? []).map((name) => [name, randomBytes(24).toString("base64url")]));
}

/** The service and plan a request names; 400 when unknown or mismatched. */
export function resolvePlan(ctx: BrokerContext, serviceId: string, planId: string): { service: ServiceOffering; plan: PlanDefinition } {
  const service = ctx.catalog.services.find((s) => s.id === serviceId);
  if (service === undefined) throw badRequest(`service_id ${JSON.stringify(serviceId)} is not in the catalog`);
  const plan = service.plans.find((p) => p.id === planId);
  if (plan === undefined) throw badRequest(`plan_id ${JSON.stringify(planId)} is not a plan of service ${service.name}`);
  return { service, plan };
}

/** 400 unless an id can be stored. */
export function checkId(id: string, what: string): void {
  if (!isSafeId(id)) throw badRequest(`${what} must be 1-200 characters of letters, digits, '.', '_' or '-'`);
}

/** 422 MaintenanceInfoConflict when the request's maintenance_info.version is not the plan's. */
export function checkMaintenanceInfo(plan: PlanDefinition, given: { version?: string } | undefined): void {
  if (given?.version === undefined) return;
  if (plan.maintenance_info?.version !== given.version) {
    throw maintenanceInfoConflict(
      `maintenance_info.version ${given.version} does not match plan ${plan.name} (${plan.maintenance_info?.version ?? "none"})`,
    );
  }
}

/** Deep equality of request attributes (parameters, contexts). */
export const same = (a: unknown, b: unknown) => isDeepStrictEqual(a ?? {}, b ?? {});
