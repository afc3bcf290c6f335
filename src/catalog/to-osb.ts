import { publishedSchemas } from "./published-schemas.js";
import { withSchemaUri } from "./schema-compiler.js";
import type { JsonSchema, PlanDefinition, ServiceOffering } from "../domain/service-catalog.js";

/** `{ parameters: <JSON Schema> }`, as OSB nests a schema. */
export interface OsbParametersSchema {
  readonly parameters: JsonSchema;
}

/** The plan fields that the OSB catalog document carries as the catalog declares them. */
type OsbPlanField =
  | "id"
  | "name"
  | "description"
  | "free"
  | "bindable"
  | "plan_updateable"
  | "maximum_polling_duration"
  | "maintenance_info"
  | "metadata"
  | "binding_rotatable";

/** A plan in the OSB catalog document: the OSB fields of its declaration, schemas nested as OSB nests them. */
export type OsbPlan = Pick<PlanDefinition, OsbPlanField> & {
  readonly schemas?: {
    readonly service_instance?: { readonly create?: OsbParametersSchema; readonly update?: OsbParametersSchema };
    readonly service_binding?: { readonly create?: OsbParametersSchema };
  };
};

/** A service offering in the OSB catalog document: the catalog's own fields, without `source`. */
export type OsbService = Omit<ServiceOffering, "plans" | "source"> & { readonly plans: readonly OsbPlan[] };

/** The body of `GET /v2/catalog`. */
export interface OsbCatalog {
  readonly services: readonly OsbService[];
}

/**
 * Renders services as the OSB catalog document: only OSB fields (never stack, defaults, settings,
 * credentials or source), schemas nested as `schemas.service_instance.create.parameters` etc. with
 * `$schema` set (draft-07 unless the catalog gives one).
 */
export function toOsbCatalog(services: readonly ServiceOffering[]): OsbCatalog {
  return { services: services.map(toOsbService) };
}

function toOsbService(service: ServiceOffering): OsbService {
  return pick<OsbService>({
    id: service.id,
    name: service.name,
    description: service.description,
    bindable: service.bindable,
    instances_retrievable: service.instances_retrievable,
    bindings_retrievable: service.bindings_retrievable,
    plan_updateable: service.plan_updateable,
    allow_context_updates: service.allow_context_updates,
    tags: service.tags,
    requires: service.requires,
    metadata: service.metadata,
    plans: service.plans.map(toOsbPlan),
  });
}

function toOsbPlan(plan: PlanDefinition): OsbPlan {
  const { create, update, bind } = publishedSchemas(plan);
  const nest = (schema: JsonSchema | undefined) => (schema ? { parameters: withSchemaUri(schema) } : undefined);
  const instance = pick({ create: nest(create), update: nest(update) });
  const binding = pick({ create: nest(bind) });
  const schemas = pick({
    service_instance: Object.keys(instance).length ? instance : undefined,
    service_binding: Object.keys(binding).length ? binding : undefined,
  });
  return pick<OsbPlan>({
    id: plan.id,
    name: plan.name,
    description: plan.description,
    free: plan.free,
    bindable: plan.bindable,
    plan_updateable: plan.plan_updateable,
    maximum_polling_duration: plan.maximum_polling_duration,
    maintenance_info: plan.maintenance_info,
    metadata: plan.metadata,
    binding_rotatable: plan.binding_rotatable,
    schemas: Object.keys(schemas).length ? schemas : undefined,
  });
}

/** The object without its undefined fields (so they are absent, not `null`, in JSON). */
function pick<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
