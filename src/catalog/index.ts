/** The catalog: services and plans from `catalog/*.yaml`, validated at start-up. */
export { loadCatalog, type LoadCatalogOptions } from "./load-catalog.js";
export { createCatalog, type Catalog, type CatalogOptions } from "./catalog.js";
export { CatalogError, formatProblem, type CatalogProblem } from "./catalog-error.js";
export {
  ParameterError,
  resolveParameters,
  type ParameterAction,
  type ResolveParametersOptions,
  type ResolvedParameters,
} from "./parameters.js";
export { ALLOW_REPLACE } from "./schema-checks.js";
export type { OsbCatalog, OsbPlan, OsbService, OsbParametersSchema } from "./to-osb.js";
export type { JsonSchema, PlanDefinition, ServiceOffering } from "../domain/service-catalog.js";
