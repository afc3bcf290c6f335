/**
 * Generates typed CDKTF bindings for the OpenStack provider, offline, from the provider schema kept
 * in `schema/` (the output of `terraform providers schema -json`), into `gen/providers/openstack/`.
 *
 * Usage: `npm run gen` (runs on `npm ci` through `prepare`). Options (environment):
 * - `OPENSTACK_SCHEMA`: schema file, default `schema/openstack-provider-schema-3.4.0.json`;
 * - `OPENSTACK_PROVIDER_VERSION`: version pinned in the bindings, default taken from the file name.
 *
 * The package root of @cdktf/provider-generator loads jsii-pacmak (not a dependency), so the
 * generator class is imported from its own module. Generated TypeScript imports its siblings
 * without `.js` extensions; ESM under NodeNext needs them, so the files are rewritten after saving.
 */
import { createRequire } from "node:module";
import { readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { TerraformProviderGenerator } =
  require("@cdktf/provider-generator/lib/get/generator/provider-generator.js") as typeof import("@cdktf/provider-generator/lib/get/generator/provider-generator.js");
// The CodeMaker the generator itself resolves (it may have its own copy of codemaker).
const generatorRequire = createRequire(require.resolve("@cdktf/provider-generator/package.json"));
type GeneratorCodeMaker = ConstructorParameters<typeof TerraformProviderGenerator>[0];
const { CodeMaker } = generatorRequire("codemaker") as { CodeMaker: new () => GeneratorCodeMaker };
const { ConstructsMakerProviderTarget, TerraformProviderConstraint, Language } =
  require("@cdktf/commons") as typeof import("@cdktf/commons");

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PROVIDER_SOURCE = "terraform-provider-openstack/openstack";
const FQPN = `registry.terraform.io/${PROVIDER_SOURCE}`;

/** Options of `generateBindings`. */
export interface GenerateBindingsOptions {
  /** Provider schema JSON (`terraform providers schema -json`). */
  readonly schemaFile: string;
  /** Exact provider version the bindings pin (e.g. "3.4.0"). */
  readonly version: string;
  /** Output directory; `providers/openstack/` is created inside it (and replaced). */
  readonly outDir: string;
}

/** Generates the bindings; returns the number of TypeScript files written. */
export async function generateBindings(options: GenerateBindingsOptions): Promise<number> {
  const schema = JSON.parse(await readFile(options.schemaFile, "utf8"));
  if (!schema.provider_schemas?.[FQPN]) {
    throw new Error(
      `${options.schemaFile}: no provider_schemas["${FQPN}"] (is it \`terraform providers schema -json\` output?)`,
    );
  }
  schema.provider_versions = { [FQPN]: options.version };
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, schema);
  const constraint = new TerraformProviderConstraint({
    name: "openstack",
    source: PROVIDER_SOURCE,
    version: options.version,
  });
  generator.generate(new ConstructsMakerProviderTarget(constraint, Language.TYPESCRIPT));
  const providerDir = join(options.outDir, "providers", "openstack");
  await rm(providerDir, { recursive: true, force: true });
  await generator.save(options.outDir);
  await rm(join(providerDir, "lazy-index.ts"), { force: true }); // CommonJS-only, unused
  return addJsExtensions(providerDir);
}

/** Rewrites relative imports/exports (`from './x'`) to explicit `./x/index.js` or `./x.js`. */
async function addJsExtensions(dir: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      count += await addJsExtensions(path);
      continue;
    }
    if (!entry.name.endsWith(".ts")) continue;
    const source = await readFile(path, "utf8");
    const fixed = await replaceAsync(source, /from '(\.{1,2}\/[^']*)'/g, async (match, spec: string) => {
      if (spec.endsWith(".js")) return match;
      const target = join(dir, spec);
      const isDir = await stat(target).then(
        (s) => s.isDirectory(),
        () => false,
      );
      return `from '${spec}${isDir ? "/index.js" : ".js"}'`;
    });
    if (fixed !== source) await writeFile(path, fixed);
    count++;
  }
  return count;
}

async function replaceAsync(
  text: string,
  pattern: RegExp,
  replace: (match: string, group: string) => Promise<string>,
): Promise<string> {
  const parts: Promise<string>[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    parts.push(Promise.resolve(text.slice(last, match.index)), replace(match[0], match[1]));
    last = match.index! + match[0].length;
  }
  parts.push(Promise.resolve(text.slice(last)));
  return (await Promise.all(parts)).join("");
}

async function main(): Promise<void> {
  const schemaFile = resolve(root, process.env.OPENSTACK_SCHEMA ?? "schema/openstack-provider-schema-3.4.0.json");
  const version = process.env.OPENSTACK_PROVIDER_VERSION ?? /(\d+\.\d+\.\d+)/.exec(basename(schemaFile))?.[1];
  if (!version) throw new Error(`set OPENSTACK_PROVIDER_VERSION: no version in the name ${basename(schemaFile)}`);
  const started = Date.now();
  const files = await generateBindings({ schemaFile, version, outDir: resolve(root, "gen") });
  console.log(`gen/providers/openstack: ${files} files for provider ${version} in ${Date.now() - started} ms`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
