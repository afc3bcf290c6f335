import { mkdtemp, open, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTerraformRunner } from "../../src/terraform/runner.js";
import { TerraformError } from "../../src/terraform/types.js";
import { terraformPlatform } from "../../src/simulator/mirror.js";

type Env = Readonly<Record<string, string | undefined>>;

/** The provider the stacks use (src/synth/synthesize.ts). */
export const OPENSTACK_PROVIDER = {
  address: "registry.terraform.io/terraform-provider-openstack/openstack",
  source: "terraform-provider-openstack/openstack",
  version: "3.4.0",
} as const;

/** Options of {@link checkProvider}: terraform as the broker will run it. */
export interface ProviderCheckOptions {
  readonly terraformBin: string;
  readonly pluginCacheDir: string;
  /** The broker's environment (TF_CLI_CONFIG_FILE...). */
  readonly env: Env;
  /** Accept the project's simulator in place of the real provider (the project's own tests only). */
  readonly acceptSimulator?: boolean;
}

/** What `terraform init` installed for the OpenStack provider: a native binary, the simulator's launcher, something else, nothing. */
export type ProviderKind = "binary" | "simulator" | "other" | "none";

/** The verdict on the provider: usable or not, and what to do when not. */
export interface ProviderCheck {
  readonly ok: boolean;
  readonly kind: ProviderKind;
  /** One line: how terraform got it (its own words) or why it could not. */
  readonly detail: string;
  /** When not ok: where terraform looked and the ways to give it the provider. */
  readonly needs: readonly string[];
}

const SIMULATOR_MARK = "OpenStack simulator provider";

/** What the provider file is, from its first bytes: an ELF / Mach-O / PE executable, the simulator's launcher, or other. */
export async function classifyProviderFile(file: string): Promise<Exclude<ProviderKind, "none">> {
  const handle = await open(file, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(512), 0, 512, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.toString("latin1").includes(SIMULATOR_MARK)) return "simulator";
    const magic = head.subarray(0, 4).toString("hex");
    const native =
      magic === "7f454c46" ||
      ["cffaedfe", "cefaedfe", "feedfacf", "cafebabe"].includes(magic) ||
      head.subarray(0, 2).toString("latin1") === "MZ";
    return native ? "binary" : "other";
  } finally {
    await handle.close();
  }
}

/** Filesystem-mirror paths a CLI configuration names (for messages only; terraform is the judge). */
export function mirrorPaths(cliConfig: string): string[] {
  return [...cliConfig.matchAll(/filesystem_mirror\s*\{[^}]*?path\s*=\s*"((?:[^"\\]|\\.)*)"/g)].map(
    (m) => JSON.parse(`"${m[1]}"`) as string,
  );
}

async function installedFile(workDir: string): Promise<string | undefined> {
  const dir = join(
    workDir,
    ".terraform/providers",
    OPENSTACK_PROVIDER.address,
    OPENSTACK_PROVIDER.version,
    terraformPlatform(),
  );
  const names = await readdir(dir).catch(() => [] as string[]);
  const name = names.find((n) => n.startsWith("terraform-provider-openstack"));
  return name === undefined ? undefined : join(dir, name);
}

/** Where terraform looked, and the ways to give it the provider. */
async function whatItNeeds(options: ProviderCheckOptions): Promise<string[]> {
  const platform = terraformPlatform();
  const cliConfigFile = options.env.TF_CLI_CONFIG_FILE;
  const cliConfig = cliConfigFile ? await readFile(cliConfigFile, "utf8").catch(() => undefined) : undefined;
  const cached = join(options.pluginCacheDir, OPENSTACK_PROVIDER.address, OPENSTACK_PROVIDER.version, platform);
  const cachedFile = (await readdir(cached).catch(() => [] as string[])).find((n) =>
    n.startsWith("terraform-provider-openstack"),
  );
  const cachedKind =
    cachedFile === undefined
      ? undefined
      : await classifyProviderFile(join(cached, cachedFile)).catch(() => "other" as const);
  const mirrors = cliConfig === undefined ? [] : mirrorPaths(cliConfig);
  return [
    `terraform looked for ${OPENSTACK_PROVIDER.source} ${OPENSTACK_PROVIDER.version} (${platform}) in:`,
    `  TF_CLI_CONFIG_FILE: ${cliConfigFile === undefined ? "unset (registry.terraform.io only)" : cliConfig === undefined ? `${cliConfigFile} (unreadable)` : `${cliConfigFile}, filesystem mirrors: ${mirrors.join(", ") || "none"}`}`,
    `  TF_PLUGIN_CACHE_DIR: ${options.pluginCacheDir} (${
      cachedKind === undefined
        ? "does not hold 3.4.0"
        : cachedKind === "binary"
          ? "holds 3.4.0, but a cache alone still needs the registry for the version list"
          : `holds a 3.4.0 that is ${cachedKind === "simulator" ? "the project's simulator" : "not a native executable"}: remove ${cached}`
    })`,
    "give it the real provider in one of these ways:",
    "  - network access to registry.terraform.io (and github.com, where the release zips are) from this machine;",
    `  - a filesystem mirror: on a connected machine \`terraform providers mirror -platform=${platform} DIR\` in a directory with the stack's`,
    `    required_providers, or unzip terraform-provider-openstack_${OPENSTACK_PROVIDER.version}_${platform}.zip (GitHub release v${OPENSTACK_PROVIDER.version}) into`,
    `    DIR/${OPENSTACK_PROVIDER.address}/${OPENSTACK_PROVIDER.version}/${platform}/; then TF_CLI_CONFIG_FILE=<file> with`,
    `    provider_installation { filesystem_mirror { path = "DIR" } }  (a plugin cache directory has this layout: it can serve as DIR).`,
  ];
}

/**
 * Runs `terraform init` of a configuration requiring only the OpenStack provider, with the binary,
 * plugin cache and environment the broker will use, in a temporary directory (removed). Read-only
 * towards any cloud; it may download the provider into the plugin cache, as the broker's first run would.
 */
export async function checkProvider(options: ProviderCheckOptions): Promise<ProviderCheck> {
  const workDir = await mkdtemp(join(tmpdir(), "osb-live-provider-"));
  try {
    const config = {
      terraform: {
        required_providers: { openstack: { source: OPENSTACK_PROVIDER.source, version: OPENSTACK_PROVIDER.version } },
      },
    };
    await writeFile(join(workDir, "main.tf.json"), JSON.stringify(config));
    const runner = createTerraformRunner({
      bin: options.terraformBin,
      pluginCacheDir: options.pluginCacheDir,
      baseEnv: options.env,
    });
    let installed = "";
    try {
      await runner.init({
        cwd: workDir,
        timeoutMs: 10 * 60_000,
        onEvent: (event) => {
          if (/^(Installed|Using) .*openstack/.test(event.message)) installed = event.message;
        },
      });
    } catch (error) {
      const reason = error instanceof TerraformError ? error.message.replace(/\s+/g, " ") : (error as Error).message;
      return {
        ok: false,
        kind: "none",
        detail: `terraform init could not install it: ${reason}`,
        needs: await whatItNeeds(options),
      };
    }
    const file = await installedFile(workDir);
    if (file === undefined)
      return {
        ok: false,
        kind: "none",
        detail: "terraform init succeeded but installed no OpenStack provider",
        needs: await whatItNeeds(options),
      };
    const kind = await classifyProviderFile(file);
    const detail = installed || "installed";
    if (kind === "binary") return { ok: true, kind, detail, needs: [] };
    if (kind === "simulator" && options.acceptSimulator)
      return { ok: true, kind, detail: `${detail} — the project's simulator (LIVE_ACCEPT_SIMULATOR=true)`, needs: [] };
    const what =
      kind === "simulator"
        ? "the project's OpenStack simulator (src/simulator), not the real provider"
        : "not a native executable, so not the real provider";
    return {
      ok: false,
      kind,
      detail: `${detail}: ${what}`,
      needs: [
        "point TF_CLI_CONFIG_FILE at a mirror of the real provider (or unset it to use the registry)",
        ...(await whatItNeeds(options)).slice(3),
      ],
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
