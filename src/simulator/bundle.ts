import { createHash } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { projectRoot, resolveAssets } from "./assets.js";
import { schemaResponseBytes } from "./provider-server.js";

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
  return stat(path).then(() => true, () => false);
}

/**
 * Builds (once per source version) a self-contained provider: provider.mjs (esbuild bundle of
 * provider-main.ts with its dependencies), the protos, the schema and the pre-serialized
 * GetProviderSchema response. Returns the bundle folder. Safe to call concurrently.
 */
export async function ensureProviderBundle(options: ProviderBundleOptions = {}): Promise<string> {
  const root = projectRoot();
  const assets = resolveAssets({});
  const protos = ["tfplugin6.8.proto", "go-plugin.proto", "health.proto"].map((name) => join(assets.protoDir, name));
  const inputs = [...(await sourceFiles(join(root, "src", "simulator"))), ...protos, assets.schemaFile];
  const hash = createHash("sha256");
  for (const file of inputs) hash.update(file).update(await readFile(file));
  const key = hash.digest("hex").slice(0, 16);
  const cacheDir = options.cacheDir ?? join(root, "node_modules", ".cache", "openstack-simulator");
  const bundleDir = join(cacheDir, key);
  if (await exists(join(bundleDir, "provider.mjs"))) return bundleDir;

  const tmp = `${bundleDir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmp, { recursive: true });
  try {
    const { build } = await import("esbuild");
    await build({
      entryPoints: [join(root, "src", "simulator", "provider-main.ts")],
      outfile: join(tmp, "provider.mjs"),
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      minify: true,
      logLevel: "error",
      external: ["msgpackr-extract"],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    for (const file of [...protos, assets.schemaFile]) await copyFile(file, join(tmp, file.split("/").pop()!));
    await writeFile(join(tmp, "schema-response.bin"), schemaResponseBytes(assets));
    await rename(tmp, bundleDir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished first: its bundle is identical.
      if (!(await exists(join(bundleDir, "provider.mjs")))) throw error;
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return bundleDir;
}
