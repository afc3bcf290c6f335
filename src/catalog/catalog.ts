import type { ServiceDefinition } from "../synth/service-definition.js";
import { toOsbCatalog, type OsbCatalog } from "./to-osb.js";
import type { PlanDefinition, ServiceOffering } from "../domain/service-catalog.js";

/**
 * The broker's validated, immutable catalog. Plans always carry `bindable` and `plan_updateable`
 * (the service's value when the YAML plan does not say).
 */
export interface Catalog {
  /** Every service offering, in file order (files sorted by name). */
  readonly services: readonly ServiceOffering[];
  /** The service with this id, else the one with this name. */
  findService(idOrName: string): ServiceOffering | undefined;
  /** The plan of that service with this id, else the one with this name. */
  findPlan(serviceIdOrName: string, planIdOrName: string): PlanDefinition | undefined;
  /** The plan with this id, in any service (plan ids are unique across the catalog). */
  planById(planId: string): PlanDefinition | undefined;
  /** The service that offers this plan. Throws if the plan is not in the catalog. */
  serviceOf(plan: PlanDefinition): ServiceOffering;
  /** The plan's stack (the default export of `stacks/<plan.stack>/index.ts`). Throws if not loaded. */
  stackFor(plan: PlanDefinition): ServiceDefinition;
  /** The OSB catalog document for `GET /v2/catalog` (computed once; do not mutate). */
  toOsb(): OsbCatalog;
}

/** Options of {@link createCatalog}. */
export interface CatalogOptions {
  /** Validated offerings (use loadCatalog to read and validate YAML). */
  readonly services: readonly ServiceOffering[];
  /** Loaded service definitions by stack name; empty when the stacks were not imported. */
  readonly stacks?: ReadonlyMap<string, ServiceDefinition>;
}

/** Builds the catalog's lookups over already-validated offerings; the offerings are deep-frozen. */
export function createCatalog(options: CatalogOptions): Catalog {
  const services = deepFreeze(options.services.slice());
  const stacks = options.stacks ?? new Map<string, ServiceDefinition>();
  const serviceByPlanId = new Map<string, ServiceOffering>();
  const planById = new Map<string, PlanDefinition>();
  for (const service of services) {
    for (const plan of service.plans) {
      serviceByPlanId.set(plan.id, service);
      planById.set(plan.id, plan);
    }
  }
  let osb: OsbCatalog | undefined;
  const findService = (idOrName: string) =>
    services.find((s) => s.id === idOrName) ?? services.find((s) => s.name === idOrName);
  return {
    services,
    findService,
    findPlan(serviceIdOrName, planIdOrName) {
      const plans = findService(serviceIdOrName)?.plans ?? [];
      return plans.find((p) => p.id === planIdOrName) ?? plans.find((p) => p.name === planIdOrName);
    },
    planById: (planId) => planById.get(planId),
    serviceOf(plan) {
      const service = serviceByPlanId.get(plan.id);
      if (!service) throw new Error(`plan ${plan.id} (${plan.name}) is not in the catalog`);
      return service;
    },
    stackFor(plan) {
      const definition = stacks.get(plan.stack);
      if (!definition) {
        throw new Error(
          `stack "${plan.stack}" of plan ${plan.name} (${plan.id}) is not loaded; load the catalog with loadStacks: true`,
        );
      }
      return definition;
    },
    toOsb: () => (osb ??= deepFreeze(toOsbCatalog(services))),
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
