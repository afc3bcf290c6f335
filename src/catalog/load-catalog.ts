import { readFile, readdir } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { load } from "js-yaml";
import { createCatalog, type Catalog } from "./catalog.js";
import { CatalogError, ProblemList } from "./catalog-error.js";
import { checkUnique } from "./check-unique.js";
import { checkStacks } from "./load-stacks.js";
import { saveSchemaVerdicts } from "./schema-verdicts.js";
import { loadYamlCached } from "./yaml-cache.js";
import { parseCatalogDocument, type ParsedService } from "./parse-file.js";
import { generatedServices } from "./resource-services/generated-services.js";
import { type MaintenanceInputs, withDerivedMaintenanceInfo } from "./maintenance-version.js";

/** Options of {@link loadCatalog}. */
export interface LoadCatalogOptions {
  /** The directory of `*.yaml` / `*.yml` catalog files (`CATALOG_DIR`). */
  readonly catalogDir: string;
  /** The directory of stack folders, each with an `index.ts` default-exporting a ServiceDefinition. */
  readonly stacksDir: string;
  /** Import every plan's stack and check its default export (needed to serve). Default: true. */
  readonly loadStacks?: boolean;
  /**
   * RESOURCE_SERVICES: generated resource services to add (`all`, resource types, service names or
   * families; docs/resource-services.md). Default: none.
   */
  readonly resourceServices?: readonly string[];
  /**
   * The terraform in use: when given (with the stacks loaded), every plan's `maintenance_info` is
   * derived from its construct's version, its providers' and this (src/catalog/maintenance-version.ts).
   */
  readonly maintenance?: MaintenanceInputs;
}

/**
 * Reads and validates every catalog file, then (by default) imports the plans' stacks. Throws one
 * CatalogError listing every problem found, each naming the file and field
 * (`catalog/x.yaml: services[0].plans[1].id: must be unique ...`). A missing, unreadable or empty
 * directory is a CatalogError too.
 */
export async function loadCatalog(options: LoadCatalogOptions): Promise<Catalog> {
  const problems = new ProblemList();
  const dir = resolve(options.catalogDir);
  const files = await listCatalogFiles(dir, options.catalogDir, problems);
  const parsed: ParsedService[] = [];
  for (const file of files) {
    // Sources are relative to the directory's parent: `catalog/trove.yaml`.
    const source = relative(dirname(dir), join(dir, file)) || file;
    const ctx = { file: source, problems };
    let text: string;
    try {
      text = await readFile(join(dir, file), "utf8");
    } catch (error) {
      problems.add(source, "", `cannot read: ${(error as Error).message}`);
      continue;
    }
    const yaml = parseYaml(text, source);
    if ("error" in yaml) problems.add(source, "", `is not valid YAML: ${yaml.error}`);
    else parsed.push(...parseCatalogDocument(ctx, yaml.document));
  }
  parsed.push(...generatedServices(options.resourceServices ?? [], problems));
  saveSchemaVerdicts();
  checkUnique(parsed, problems);
  const stacks = await checkStacks(parsed, { stacksDir: options.stacksDir, loadStacks: options.loadStacks }, problems);
  problems.throwIfAny();
  const services = parsed.map((p) => p.service);
  if (options.maintenance === undefined || options.loadStacks === false) return createCatalog({ services, stacks });
  const derived = withDerivedMaintenanceInfo(services, stacks, options.maintenance);
  return createCatalog({ services: derived, stacks });
}

/** The YAML document (null for a file of only blank lines and comments), or the parser's message. */
function parseYaml(text: string, source: string): { document: unknown } | { error: string } {
  if (text.split(/\r?\n/).every((line) => /^\s*(#.*)?$/.test(line))) return { document: null };
  try {
    return { document: loadYamlCached(text, (yaml) => load(yaml, { filename: source })) };
  } catch (error) {
    // js-yaml adds a source snippet after the first line, which already names the line and column.
    return { error: (error as Error).message.split("\n")[0] };
  }
}

async function listCatalogFiles(dir: string, given: string, problems: ProblemList): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "does not exist"
        : code === "ENOTDIR"
          ? "is not a directory"
          : `cannot be read (${(error as Error).message})`;
    problems.add(given, "", `catalog directory ${why}`);
    problems.throwIfAny();
    return [];
  }
  const files = entries
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && /\.ya?ml$/i.test(e.name) && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort();
  if (files.length === 0) {
    problems.add(given, "", `catalog directory has no *.yaml or *.yml files (looked in ${dir})`);
    problems.throwIfAny();
  }
  return files;
}

export { CatalogError };
