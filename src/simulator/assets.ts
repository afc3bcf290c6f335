import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the simulator finds its protos and the provider schema. */
export interface SimulatorAssets {
  /** Folder holding tfplugin6.8.proto, go-plugin.proto and health.proto. */
  readonly protoDir: string;
  /** The terraform-provider-openstack 3.4.0 schema (`terraform providers schema -json`). */
  readonly schemaFile: string;
  /** A pre-serialized GetProviderSchema response, when a bundle ships one. */
  readonly schemaResponseFile?: string;
}

/** Environment variable a bundled provider uses to find its assets (set by the launcher). */
export const ASSET_DIR_ENV = "OPENSTACK_SIM_ASSET_DIR";

/**
 * Resolves the assets: from `OPENSTACK_SIM_ASSET_DIR` (a bundle folder holding every file flat),
 * else from the project checkout this module lives in.
 */
export function resolveAssets(env: NodeJS.ProcessEnv = process.env): SimulatorAssets {
  const bundleDir = env[ASSET_DIR_ENV];
  if (bundleDir) {
    const responseFile = join(bundleDir, "schema-response.bin");
    return {
      protoDir: bundleDir,
      schemaFile: join(bundleDir, "openstack-provider-schema-3.4.0.json"),
      schemaResponseFile: existsSync(responseFile) ? responseFile : undefined,
    };
  }
  const root = projectRoot();
  return {
    protoDir: join(root, "proto"),
    schemaFile: join(root, "schema", "openstack-provider-schema-3.4.0.json"),
  };
}

/** The checkout root (two levels above src/simulator). */
export function projectRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
}
