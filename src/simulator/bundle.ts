import { createHash, randomUUID } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BUNDLE_RULES_DIR, projectRoot, resolveAssets } from "./assets.js";
import { DESCRIPTOR_FILE, parseProtos, PROTO_FILES } from "./grpc-definitions.js";
import { schemaResponseBytes } from "./provider-server.js";
import { ENV_REQUIRED_FILE, envRequiredArguments } from "./rules/env-required.js";
import {
  readRulesTable,
  SPLIT_PROVIDER_FILE,
  splitRulesFile,
  type ProviderConfigRules,
  type RuleKind,
} from "./rules/rules-source.js";

/** The bundle's entry point: runs provider.cjs through a V8 code cache (written on first start). */
export const START_FILE = "start.cjs";

const START_SCRIPT = `"use strict";
// msgpackr's optional native string extractor costs ~10 ms to load and nothing here needs it.
process.env.MSGPACKR_NATIVE_ACCELERATION_DISABLED = "true";
const fs = require("node:fs"), path = require("node:path"), vm = require("node:vm"), Module = require("node:module");
const file = path.join(__dirname, "provider.cjs"), cacheFile = file + "." + process.version + ".cache";
let cachedData;
try { cachedData = fs.readFileSync(cacheFile); } catch {}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), { filename: file, cachedData });
const module_ = { exports: {}, filename: file, id: file };
script.runInThisContext().call(module_.exports, module_.exports, Module.createRequire(file), module_, file, __dirname);
if (cachedData === undefined || script.cachedDataRejected) {
  process.once("exit", () => {
    try {
      const tmp = cacheFile + "." + process.pid;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {}
  });
}
`;

/** Options of {@link ensureProviderBundle}. */
export interface ProviderBundleOptions {
  /** Where bundles are cached. Default: node_modules/.cache/openstack-simulator in the checkout. */
  readonly cacheDir?: string;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return Promise.resolve(entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : []);
    }),
  );
  return nested.flat().sort();
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Removes bundles of older sources that have not been rebuilt for a day (mirrors link the newest). */
async function pruneOldBundles(cacheDir: string, keep: string): Promise<void> {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of await readdir(cacheDir).catch(() => [] as string[])) {
    if (name === keep || name.includes(".tmp-")) continue;
    const info = await stat(join(cacheDir, name)).catch(() => undefined);
    if (info && info.mtimeMs < dayAgo) await rm(join(cacheDir, name), { recursive: true, force: true });
  }
}

/** Writes the rules table split per type (read lazily, one type at a time, by a launched provider). */
async function writeSplitRules(rulesFile: string, dir: string): Promise<void> {
  const table = readRulesTable(rulesFile);
  const kinds: [RuleKind, Readonly<Record<string, unknown>>][] = [
    ["resource", table.resources],
    ["data", table.dataSources],
  ];
  for (const [kind, types] of kinds) {
    await mkdir(join(dir, kind), { recursive: true });
    for (const [type, rules] of Object.entries(types))
      await writeFile(splitRulesFile(dir, kind, type), JSON.stringify(rules));
  }
  const provider = (table as typeof table & { readonly providerConfig?: ProviderConfigRules }).providerConfig;
  if (provider) await writeFile(join(dir, SPLIT_PROVIDER_FILE), JSON.stringify(provider));
  await writeFile(join(dir, ENV_REQUIRED_FILE), JSON.stringify(envRequiredArguments(table)));
}

/**
 * Builds (once per source version) a self-contained provider: provider.cjs (esbuild bundle of
 * provider-main.ts with its dependencies), the protos, the schema, the pre-serialized
 * GetProviderSchema response and the rules table split per type. Returns the bundle folder. Safe to call concurrently.
 */
export async function ensureProviderBundle(options: ProviderBundleOptions = {}): Promise<string> {
  const root = projectRoot();
  const assets = resolveAssets({});
  const protos = PROTO_FILES.map((name) => join(assets.protoDir, name));
  const sources = [
    ...(await sourceFiles(join(root, "src", "simulator"))),
    ...(await sourceFiles(join(root, "src", "provider-rules"))),
  ];
  // The rules table's bytes are part of the key like the schema's: a regenerated table rebuilds the bundle.
  const inputs = [...sources, ...protos, assets.schemaFile, ...(assets.rulesFile ? [assets.rulesFile] : [])];
  const hash = createHash("sha256");
  for (const file of inputs) hash.update(file).update(await readFile(file));
  const key = hash.digest("hex").slice(0, 16);
  const cacheDir = options.cacheDir ?? join(root, "node_modules", ".cache", "openstack-simulator");
  const bundleDir = join(cacheDir, key);
  if (await exists(join(bundleDir, START_FILE))) return bundleDir;

  // MUST be unique per call: two builds in one process may start within the same millisecond.
  const tmp = `${bundleDir}.tmp-${process.pid}-${randomUUID()}`;
  await mkdir(tmp, { recursive: true });
  try {
    const { build } = await import("esbuild");
    await build({
      entryPoints: [join(root, "src", "simulator", "provider-main.ts")],
      outfile: join(tmp, "provider.cjs"),
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      minify: true,
      logLevel: "error",
      external: ["msgpackr-extract"],
    });
    await writeFile(join(tmp, START_FILE), START_SCRIPT);
    for (const file of [...protos, assets.schemaFile]) await copyFile(file, join(tmp, file.split("/").pop()!));
    await writeFile(join(tmp, "schema-response.bin"), schemaResponseBytes(assets));
    await writeFile(join(tmp, DESCRIPTOR_FILE), JSON.stringify(parseProtos(assets.protoDir).toJSON()));
    if (assets.rulesFile) await writeSplitRules(assets.rulesFile, join(tmp, BUNDLE_RULES_DIR));
    await rename(tmp, bundleDir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished first: its bundle is identical.
      if (!(await exists(join(bundleDir, START_FILE)))) throw error;
    });
    await pruneOldBundles(cacheDir, key);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return bundleDir;
}
