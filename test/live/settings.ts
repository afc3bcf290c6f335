import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

/** The repository. */
const ROOT = resolve(import.meta.dirname, "../..");

type Env = Readonly<Record<string, string | undefined>>;

/** What one live run does, from the environment and `npm run test:live -- ...` arguments (docs/live-test.md). */
export interface LiveSettings {
  /** The clouds.yaml entry everything is created on (OS_CLOUD). */
  readonly cloud: string;
  /** Plan patterns (`service/plan`, `service`, `service/*`); empty: every plan of the catalog. */
  readonly plans: readonly string[];
  /** Parameters per plan (LIVE_PARAMS_FILE, `--params`); default test/live/live-params.yaml. */
  readonly paramsFile: string;
  /** Names every instance (`<runId>-<service>-<plan>`) and so every resource the stacks name after it. */
  readonly runId: string;
  /** The broker's state, work directories, log and the report (LIVE_RUN_DIR; default a new $TMPDIR/osb-<runId>). */
  readonly runDir: string;
  /** The catalog and stacks the broker serves (default the repository's). */
  readonly catalogDir: string;
  readonly stacksDir: string;
  /** Limit of each broker operation (provision, bind, unbind, deprovision) in ms. */
  readonly operationTimeoutMs: number;
  /** How often last_operation is polled, ms. */
  readonly pollIntervalMs: number;
  /** Deprovision attempts before what is left is reported. */
  readonly deprovisionAttempts: number;
  /** Only the preflight: check what the plans need, create nothing. */
  readonly preflightOnly: boolean;
  /** Clean up: deprovision every instance left in this earlier run's directory, then stop. */
  readonly cleanupDir?: string;
  /** For the project's own tests only: accept the simulator where the real provider belongs. */
  readonly acceptSimulator: boolean;
}

/** The live test will not run as configured; `message` says why and what it needs. */
export class LiveRefusal extends Error {
  override name = "LiveRefusal";
}

/** What the live test needs, printed with every refusal and by --help. */
export const LIVE_NEEDS = `It needs, before it creates anything (docs/live-test.md):
  - OS_CLOUD naming a cloud of clouds.yaml (OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack, /etc/openstack)
  - terraform (TERRAFORM_BIN, default "terraform" on the PATH)
  - the real terraform-provider-openstack 3.4.0: network access to registry.terraform.io, or a
    filesystem mirror in the CLI configuration TF_CLI_CONFIG_FILE (a plugin cache alone,
    TF_PLUGIN_CACHE_DIR, still asks the registry for the version list)
  - the flavors, images, networks, volume types... the plans name (checked with a terraform plan of
    each plan, read-only), parameters for plans that have no default (LIVE_PARAMS_FILE)
  - quota for the largest selected plan (plans run one at a time)`;

export const LIVE_USAGE = `usage: OS_CLOUD=<cloud> npm run test:live [-- [options] [<service>/<plan> | <service> ...]]

Provisions, binds, unbinds and deprovisions each selected plan (default: every plan of the catalog)
on a real OpenStack cloud, through a real broker and the real terraform-provider-openstack 3.4.0.
Creates billed resources; deprovisions each one even when a step fails, and lists what is left.

options:
  --preflight        only check what the plans need (read-only terraform plans); create nothing
  --params FILE      parameters per plan (YAML/JSON; default test/live/live-params.yaml)
  --cleanup DIR      deprovision every instance an earlier run left in DIR (its run directory)
  --help

environment: OS_CLOUD (required), LIVE_PLANS (comma-separated, as the arguments), LIVE_PARAMS_FILE,
LIVE_RUN_DIR, LIVE_TIMEOUT_MINUTES (per operation, default 60), LIVE_POLL_SECONDS (default 5),
LIVE_DEPROVISION_ATTEMPTS (default 3), TERRAFORM_BIN, TF_PLUGIN_CACHE_DIR, TF_CLI_CONFIG_FILE.

${LIVE_NEEDS}`;

function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new LiveRefusal(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return value;
}

const split = (value: string | undefined) => (value ?? "").split(/[,\s]+/).filter((s) => s !== "");

/** Whether `args` ask for the usage text. */
export const wantsHelp = (args: readonly string[]) => args.includes("--help") || args.includes("-h");

/**
 * Reads the settings. MUST refuse (LiveRefusal) before anything starts when OS_CLOUD is unset: the
 * live test creates real, billed resources and never guesses the cloud.
 */
export function readLiveSettings(env: Env, args: readonly string[] = []): LiveSettings {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        preflight: { type: "boolean" },
        params: { type: "string" },
        cleanup: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new LiveRefusal(`${(error as Error).message}\n\n${LIVE_USAGE}`);
  }
  const cloud = env.OS_CLOUD ?? "";
  if (cloud === "") {
    throw new LiveRefusal(
      `refusing to run: OS_CLOUD is not set. The live test creates real (billed) resources on the OpenStack cloud you name:\n` +
        `  OS_CLOUD=<cloud> npm run test:live [-- <service>/<plan> ...]\n\n${LIVE_NEEDS}`,
    );
  }
  const runId = env.LIVE_RUN_ID || `live-${randomBytes(4).toString("hex").slice(0, 6)}`;
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(runId))
    throw new LiveRefusal(`LIVE_RUN_ID must be 1-31 of [a-z0-9-] starting with a letter, got ${JSON.stringify(runId)}`);
  const cleanup = parsed.values.cleanup ?? env.LIVE_CLEANUP;
  return {
    cloud,
    plans: [...split(env.LIVE_PLANS), ...parsed.positionals.flatMap((p) => split(p))],
    paramsFile: resolve(parsed.values.params ?? env.LIVE_PARAMS_FILE ?? join(ROOT, "test/live/live-params.yaml")),
    runId,
    runDir: resolve(env.LIVE_RUN_DIR || join(tmpdir(), `osb-${runId}`)),
    catalogDir: resolve(env.LIVE_CATALOG_DIR || join(ROOT, "catalog")),
    stacksDir: resolve(env.LIVE_STACKS_DIR || join(ROOT, "stacks")),
    operationTimeoutMs: positive(env, "LIVE_TIMEOUT_MINUTES", 60) * 60_000,
    pollIntervalMs: positive(env, "LIVE_POLL_SECONDS", 5) * 1000,
    deprovisionAttempts: Math.floor(positive(env, "LIVE_DEPROVISION_ATTEMPTS", 3)),
    preflightOnly: parsed.values.preflight === true || /^(1|true|yes)$/i.test(env.LIVE_PREFLIGHT_ONLY ?? ""),
    ...(cleanup ? { cleanupDir: resolve(cleanup) } : {}),
    acceptSimulator: env.LIVE_ACCEPT_SIMULATOR === "true",
  };
}

/** The environment that hands `settings` to the vitest process (`npm run test:live` → vitest.live.config.ts). */
export function settingsToEnv(settings: LiveSettings): Record<string, string> {
  return {
    OS_CLOUD: settings.cloud,
    LIVE_PLANS: settings.plans.join(","),
    LIVE_PARAMS_FILE: settings.paramsFile,
    LIVE_RUN_ID: settings.runId,
    LIVE_RUN_DIR: settings.runDir,
    LIVE_PREFLIGHT_ONLY: String(settings.preflightOnly),
    ...(settings.cleanupDir ? { LIVE_CLEANUP: settings.cleanupDir } : {}),
  };
}
