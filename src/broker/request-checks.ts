import { isDeepStrictEqual } from "node:util";
import type { Catalog } from "../catalog/catalog.js";
import { ParameterError } from "../catalog/parameters.js";
import { CloudRoutingError } from "../cloud/cloud-routing.js";
import { isSafeId } from "../domain/ids.js";
import type { PlanDefinition, ServiceOffering } from "../domain/service-catalog.js";
import { badRequest, maintenanceInfoConflict } from "../domain/errors.js";

/** The service and plan a request names; 400 when unknown or mismatched. */
export function resolvePlan(
  catalog: Catalog,
  serviceId: string,
  planId: string,
): { service: ServiceOffering; plan: PlanDefinition } {
  const service = catalog.services.find((s) => s.id === serviceId);
  if (service === undefined) throw badRequest(`service_id ${JSON.stringify(serviceId)} is not in the catalog`);
  const plan = service.plans.find((p) => p.id === planId);
  if (plan === undefined)
    throw badRequest(`plan_id ${JSON.stringify(planId)} is not a plan of service ${service.name}`);
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

/**
 * Runs a lower layer's check of the request and returns its result; the check's own refusal (the
 * catalog's `ParameterError`, cloud routing's `CloudRoutingError`) becomes the OSB 400 with the same
 * text. Any other error passes through unchanged.
 */
export function refusedAsBadRequest<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ParameterError || error instanceof CloudRoutingError) throw badRequest(error.message);
    throw error;
  }
}

/** Deep equality of request attributes (parameters, contexts). */
export const same = (a: unknown, b: unknown) => isDeepStrictEqual(a ?? {}, b ?? {});
