import type { Catalog } from "../../catalog/catalog.js";
import { CONFIG_HELP, parseCommandArgs } from "./args.js";
import { checkCatalogStacks } from "../../catalog/check-stacks.js";
import { CliError, EXIT, type CliIo } from "./io.js";
import { createRuntime } from "../../runtime/create-runtime.js";

export const CATALOG_HELP = `usage: openstack-broker catalog [--json]
       openstack-broker catalog validate [--json]

catalog            list the services and plans of CATALOG_DIR
catalog validate   check catalog/*.yaml and stacks/: every problem is printed with its file and field
                   (catalog/x.yaml: services[0].plans[1].id: must be unique); every plan's stack is
                   synthesized with its defaults and its credentials must be outputs. Exit 1 on problems.
--json             the catalog document; for validate {"valid", "services", "plans", "catalog_dir"}, or
                   on problems {"error": {"summary", "problems": [{file, field, message}]}}

${CONFIG_HELP}`;

/** `openstack-broker catalog [validate]`. */
export async function catalogCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs("catalog", args, { json: { type: "boolean" } }, io, 1);
  if (parsed.options.help) return (void io.stdout.write(`${CATALOG_HELP}\n`), EXIT.ok);
  const { options, positionals, config } = parsed;
  const [sub] = positionals;
  if (sub !== undefined && sub !== "validate")
    throw new CliError(`catalog: unknown subcommand ${JSON.stringify(sub)} (catalog or catalog validate)`);
  const validate = sub === "validate";
  // A CatalogError (every problem, with file and field) reaches the operator as it is.
  const catalog = await createRuntime(config, { readOnly: true, env: parsed.env }).catalog({ stacks: validate });
  if (validate) {
    const problems = checkCatalogStacks(catalog, config.stacksDir, io.cwd);
    if (problems.length > 0) {
      const lines = problems.map((p) => `  ${p.file}: ${p.path}: ${p.message}`);
      throw new CliError(
        `invalid catalog (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`,
        { problems: problems.map((p) => ({ file: p.file, field: p.path, message: p.message })) },
      );
    }
    const plans = catalog.services.reduce((n, s) => n + s.plans.length, 0);
    io.stdout.write(
      options.json
        ? `${JSON.stringify({ valid: true, services: catalog.services.length, plans, catalog_dir: config.catalogDir }, null, 2)}\n`
        : `catalog OK: ${catalog.services.length} services, ${plans} plans in ${config.catalogDir}; every stack synthesizes\n`,
    );
    return EXIT.ok;
  }
  io.stdout.write(options.json ? `${JSON.stringify(catalogDocument(catalog), null, 2)}\n` : renderCatalog(catalog));
  return EXIT.ok;
}

/** The `catalog --json` document. */
export function catalogDocument(catalog: Catalog) {
  return {
    services: catalog.services.map((s) => ({
      id: s.id,
      name: s.name,
      description: s.description,
      bindable: s.bindable,
      source: s.source,
      plans: s.plans.map((p) => ({
        id: p.id,
        name: p.name,
        description: p.description,
        stack: p.stack,
        bindable: p.bindable ?? s.bindable,
        plan_updateable: p.plan_updateable ?? s.plan_updateable ?? false,
        free: p.free ?? true,
      })),
    })),
  };
}

function renderCatalog(catalog: Catalog): string {
  const lines: string[] = [];
  for (const service of catalogDocument(catalog).services) {
    lines.push(`${service.name}  ${service.id}  (${service.source})`, `  ${service.description}`);
    const width = Math.max(...service.plans.map((p) => p.name.length));
    for (const plan of service.plans) {
      const flags = [plan.bindable ? "bindable" : "not bindable", plan.plan_updateable ? "plan_updateable" : ""]
        .filter(Boolean)
        .join(", ");
      lines.push(`    ${plan.name.padEnd(width)}  ${plan.id}  stack ${plan.stack}; ${flags}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
