import { randomUUID } from "node:crypto";
import type { Catalog } from "../../catalog/catalog.js";
import type { PlanDefinition, ServiceOffering } from "../../domain/service-catalog.js";
import { ParameterError, resolveParameters } from "../../catalog/parameters.js";
import { isSafeId } from "../../domain/ids.js";
import type { InstanceRecord, Records } from "../../state/records.js";

/** A dry-run request as the CLI flags or the preview endpoint give it. */
export interface DryRunRequest {
  /** An existing instance: plan an update of it. */
  readonly instance?: string;
  /** For a create: the id the instance would get (default: a random one; must not exist). */
  readonly instanceId?: string;
  /** Service and plan by name or id (create: both required; update: the plan to change to). */
  readonly service?: string;
  readonly plan?: string;
  readonly parameters?: unknown;
  readonly context?: unknown;
}

/** A request turned into what the previewer needs, validated exactly as the broker would. */
export interface ResolvedDryRun {
  readonly kind: "create" | "update";
  readonly instanceId: string;
  readonly service: ServiceOffering;
  readonly plan: PlanDefinition;
  readonly values: Record<string, unknown>;
  readonly allowReplace: boolean;
  /** Create: the reserved `cloud` parameter, when the request gave one. */
  readonly requestedCloud?: string;
  /** Update: the stored instance. */
  readonly instance?: InstanceRecord;
  /** Update: the broker's 422 refusals known before planning (plan change not allowed, operation running). */
  readonly refusals: readonly string[];
}

/**
 * The problem with a request: `field` names what was wrong (`service`, `plan`, `parameters`,
 * `instance`), `status` the HTTP status the preview endpoint answers.
 */
export class DryRunError extends Error {
  override name = "DryRunError";
  constructor(
    readonly field: "service" | "plan" | "parameters" | "context" | "instance",
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
  }
}

const names = (items: readonly { name: string }[]) => items.map((i) => i.name).join(", ") || "none";

function findService(catalog: Catalog, idOrName: string): ServiceOffering {
  const service = catalog.findService(idOrName);
  if (!service)
    throw new DryRunError(
      "service",
      `unknown service ${JSON.stringify(idOrName)} (the catalog offers: ${names(catalog.services)})`,
    );
  return service;
}

function findPlan(catalog: Catalog, service: ServiceOffering, idOrName: string): PlanDefinition {
  const plan = catalog.findPlan(service.id, idOrName);
  if (!plan)
    throw new DryRunError(
      "plan",
      `service ${service.name} has no plan ${JSON.stringify(idOrName)} (its plans: ${names(service.plans)})`,
    );
  return plan;
}

/** Parameters validated by the broker's own code; its refusal (the 400's text) becomes a DryRunError on `parameters`. */
function parameters(...args: Parameters<typeof resolveParameters>) {
  try {
    return resolveParameters(...args);
  } catch (error) {
    if (error instanceof ParameterError) throw new DryRunError("parameters", error.message);
    throw error;
  }
}

/** Validates a dry-run request against the catalog and the stored instance. Reads only. */
export async function resolveDryRun(
  catalog: Catalog,
  records: Records,
  request: DryRunRequest,
): Promise<ResolvedDryRun> {
  if (
    request.context !== undefined &&
    (request.context === null || typeof request.context !== "object" || Array.isArray(request.context))
  ) {
    throw new DryRunError("context", "context must be a JSON object");
  }
  if (request.instance !== undefined) return resolveUpdate(catalog, records, request, request.instance);
  if (request.service === undefined) throw new DryRunError("service", "a service is required (by name or id)");
  if (request.plan === undefined) throw new DryRunError("plan", "a plan is required (by name or id)");
  const service = findService(catalog, request.service);
  const plan = findPlan(catalog, service, request.plan);
  const {
    values,
    allowReplace,
    cloud: requestedCloud,
  } = parameters({ plan, action: "create", given: request.parameters });
  const instanceId = request.instanceId ?? `dry-run-${randomUUID()}`;
  if (!isSafeId(instanceId))
    throw new DryRunError("instance", "instance_id must be 1-200 characters of letters, digits, '.', '_' or '-'");
  const existing = await records.getInstance(instanceId);
  if (existing !== undefined && !existing.deleted) {
    throw new DryRunError(
      "instance",
      `instance ${instanceId} already exists: plan an update of it with --instance ${instanceId}`,
      409,
    );
  }
  return {
    kind: "create",
    instanceId,
    service,
    plan,
    values,
    allowReplace,
    refusals: [],
    ...(requestedCloud === undefined ? {} : { requestedCloud }),
  };
}

async function resolveUpdate(
  catalog: Catalog,
  records: Records,
  request: DryRunRequest,
  instanceId: string,
): Promise<ResolvedDryRun> {
  if (!isSafeId(instanceId))
    throw new DryRunError("instance", `instance ${JSON.stringify(instanceId)} does not exist`, 404);
  const instance = await records.getInstance(instanceId);
  if (instance === undefined || instance.deleted)
    throw new DryRunError("instance", `instance ${instanceId} does not exist`, 404);
  const service = catalog.services.find((s) => s.id === instance.serviceId);
  if (!service)
    throw new DryRunError(
      "service",
      `instance ${instanceId}'s service ${instance.serviceId} is no longer in the catalog`,
    );
  if (request.service !== undefined && findService(catalog, request.service).id !== service.id) {
    throw new DryRunError(
      "service",
      `instance ${instanceId} belongs to service ${service.name}, not ${request.service}`,
    );
  }
  const plan =
    request.plan === undefined ? catalog.planById(instance.planId) : findPlan(catalog, service, request.plan);
  if (!plan)
    throw new DryRunError("plan", `instance ${instanceId}'s plan ${instance.planId} is no longer in the catalog`);
  const { values, allowReplace } =
    request.parameters === undefined
      ? { values: { ...instance.values }, allowReplace: false }
      : parameters({ plan, action: "update", given: request.parameters, previous: instance.values });
  const refusals: string[] = [];
  // The broker's own 422s, in the order it checks them (src/broker/update.ts).
  if (plan.id !== instance.planId && !(plan.plan_updateable ?? service.plan_updateable ?? false))
    refusals.push(`plan changes are not supported for service ${service.name}`);
  const last = await records.getOperation(instanceId, instance.lastOperationId);
  if (last?.state === "in progress") refusals.push("another operation is in progress for this service instance");
  if (instance.status === "failed")
    refusals.push(`instance ${instanceId} failed to provision; deprovision it and provision again`);
  return { kind: "update", instanceId, service, plan, values, allowReplace, instance, refusals };
}
