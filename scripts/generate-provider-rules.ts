/**
 * Generates the provider rules table (src/provider-rules/types.ts) from the provider's Go source into
 * `schema/openstack-provider-rules-3.4.0.json`.
 *
 * Usage: `npm run gen:rules [-- --source DIR] [-- --check]`. The source directory defaults to
 * `<repo>/../shared/reference/terraform-provider-openstack-3.4.0`, or `PROVIDER_SOURCE_DIR`.
 * `--check` writes nothing and exits 1 when the committed file differs from the source.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateProviderRules, serializeProviderRules } from "./provider-rules/generate.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const PROVIDER_RULES_VERSION = "3.4.0";
export const DEFAULT_PROVIDER_SOURCE = resolve(
  root,
  "..",
  "shared",
  "reference",
  `terraform-provider-openstack-${PROVIDER_RULES_VERSION}`,
);
export const RULES_OUTPUT = resolve(root, "schema", `openstack-provider-rules-${PROVIDER_RULES_VERSION}.json`);

function main(argv: readonly string[]): number {
  const at = argv.indexOf("--source");
  const source =
    at >= 0
      ? resolve(argv[at + 1] ?? "")
      : process.env.PROVIDER_SOURCE_DIR
        ? resolve(process.env.PROVIDER_SOURCE_DIR)
        : DEFAULT_PROVIDER_SOURCE;
  if (!existsSync(resolve(source, "openstack", "provider.go"))) {
    console.error(`gen:rules: no openstack/provider.go under ${source} (set --source DIR or PROVIDER_SOURCE_DIR)`);
    return 2;
  }
  const text = serializeProviderRules(generateProviderRules({ sourceDir: source, version: PROVIDER_RULES_VERSION }));
  if (argv.includes("--check")) {
    const same = existsSync(RULES_OUTPUT) && readFileSync(RULES_OUTPUT, "utf8") === text;
    console.log(
      same ? `${RULES_OUTPUT} is up to date` : `${RULES_OUTPUT} differs from ${source}: run npm run gen:rules`,
    );
    return same ? 0 : 1;
  }
  writeFileSync(RULES_OUTPUT, text);
  const rules = JSON.parse(text);
  console.log(
    `wrote ${RULES_OUTPUT}: ${Object.keys(rules.resources).length} resources, ` +
      `${Object.keys(rules.dataSources).length} data sources, ${Object.keys(rules.unmodelled).length} unmodelled`,
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = main(process.argv.slice(2));
