import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { loadCatalog } from "../catalog/load-catalog.js";
import type { PlanDefinition, ServiceOffering } from "../domain/service-catalog.js";
import type { ServiceDefinition } from "../synth/service-definition.js";

/** Where the harness finds catalog files and stacks. */
export interface CatalogEntryOptions {
  /** Directory of `*.yaml` catalog files. Default: `catalog/` of the project. */
  readonly catalogDir?: string;
  /** Directory of stack folders. Default: `stacks/` of the project. */
  readonly stacksDir?: string;
}

/** A plan of the catalog with its service and the construct that builds it. */
export interface CatalogEntry {
  readonly service: ServiceOffering;
  readonly plan: PlanDefinition;
  readonly definition: ServiceDefinition;
}

const projectRoot = resolve(import.meta.dirname, "..", "..");

/**
 * Reads and validates the whole catalog with the broker's own loader (so a catalog mistake fails the
 * test with the broker's message: file and field; ids unique across files; stack folders exist).
 * Stacks are imported only when a plan is asked for.
 */
export async function readCatalog(options: CatalogEntryOptions = {}): Promise<readonly ServiceOffering[]> {
  const catalog = await loadCatalog({
    catalogDir: options.catalogDir ?? join(projectRoot, "catalog"),
    stacksDir: options.stacksDir ?? join(projectRoot, "stacks"),
    loadStacks: false,
  });
  return catalog.services;
}

/** Finds `service`/`plan` by name in the catalog and imports the plan's stack. */
export async function loadCatalogEntry(
  serviceName: string,
  planName: string,
  options: CatalogEntryOptions = {},
): Promise<CatalogEntry> {
  const services = await readCatalog(options);
  const service = services.find((s) => s.name === serviceName);
  if (!service)
    throw new Error(`no service "${serviceName}" in the catalog (have: ${services.map((s) => s.name).join(", ")})`);
  const plan = service.plans.find((p) => p.name === planName);
  if (!plan)
    throw new Error(
      `service "${serviceName}" has no plan "${planName}" (have: ${service.plans.map((p) => p.name).join(", ")})`,
    );
  return { service, plan, definition: await loadDefinition(plan.stack, options) };
}

/** Imports `stacks/<stack>/index.ts` and returns its default export. */
export async function loadDefinition(stack: string, options: CatalogEntryOptions = {}): Promise<ServiceDefinition> {
  const file = join(options.stacksDir ?? join(projectRoot, "stacks"), stack, "index.ts");
  const module = (await import(pathToFileURL(file).href)) as { default?: ServiceDefinition };
  if (typeof module.default?.instance !== "function")
    throw new Error(`${file} must default-export defineService({ instance, ... })`);
  return module.default;
}

/** Every `{ service, plan }` name pair of the catalog whose plan is built by `stack` (for test loops). */
export async function catalogPlansForStack(
  stack: string,
  options: CatalogEntryOptions = {},
): Promise<{ service: string; plan: string }[]> {
  const services = await readCatalog(options);
  return services.flatMap((s) =>
    s.plans.filter((p) => p.stack === stack).map((p) => ({ service: s.name, plan: p.name })),
  );
}
