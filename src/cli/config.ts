import { randomBytes } from "node:crypto";
import { hostname, tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** Everything `serve` needs, from the environment and flags (flags win). */
export interface BrokerConfig {
  readonly port: number;
  readonly host: string;
  readonly username: string;
  readonly password: string;
  /** true when no password was configured and one was generated for this start. */
  readonly passwordGenerated: boolean;
  readonly stateDir: string;
  readonly catalogDir: string;
  readonly stacksDir: string;
  readonly workDir: string;
  readonly terraformBin: string;
  readonly pluginCacheDir: string;
  readonly concurrency: number;
  readonly operationTimeoutMs: number;
  /**
   * PREVIEW_CONCURRENCY: read-only plans at once (the update's destructive-change check, `POST
   * /x-preview`, `plan`), counted apart from `concurrency`; one more is refused at once (503 / 429).
   */
  readonly previewConcurrency: number;
  /** PREVIEW_TIMEOUT_SECONDS: limit for one such plan, below a platform's usual 60 s request timeout. */
  readonly previewTimeoutMs: number;
  readonly killGraceMs: number;
  /** How terraform reaches the broker's state backend. Default `http://127.0.0.1:<port>`. */
  readonly stateBackendUrl?: string;
  /** Run OpenStack stacks against the built-in simulator instead of a cloud. */
  readonly simulate: boolean;
  readonly simulatorDir: string;
  /**
   * SIMULATOR_MODE: how terraform reaches the simulator. `reattach` (default, fast): one provider in
   * the broker's process serves every run. `launched`: terraform installs the simulator from a
   * filesystem mirror and launches it for each command, as it does the real provider, so the
   * provider sees the run's environment, working directory and clouds.yaml (docs/simulator.md).
   */
  readonly simulatorMode: SimulatorMode;
  readonly logLevel: string;
  /** This broker's identity as operation lease owner (default: the host name). Unique per broker process on one store. */
  readonly brokerId: string;
  /** Operation lease lifetime; a dead broker's operations are taken over after it. */
  readonly leaseTtlMs: number;
  /** The clouds.yaml entry of instances nothing else routes (DEFAULT_CLOUD, else OS_CLOUD); docs/clouds.md. */
  readonly defaultCloud?: string;
  /** CLOUD_MAPPING_FILE: rules from the platform context to a cloud (docs/clouds.md). */
  readonly cloudMappingFile?: string;
  /** Where clouds.yaml is looked for: OS_CLIENT_CONFIG_FILE / OS_CLIENT_SECURE_FILE and the directory relative paths start from. */
  readonly cloudFiles?: { readonly env: Readonly<Record<string, string | undefined>>; readonly cwd: string };
}

/** The values of SIMULATOR_MODE (see {@link BrokerConfig.simulatorMode}). */
export const SIMULATOR_MODES = ["reattach", "launched"] as const;
export type SimulatorMode = (typeof SIMULATOR_MODES)[number];

/** A configuration problem, reported before the broker listens. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

type Source = Readonly<Record<string, string | undefined>>;

function simulatorMode(source: Source): SimulatorMode {
  const raw = source.SIMULATOR_MODE;
  if (raw === undefined || raw === "") return "reattach";
  const mode = SIMULATOR_MODES.find((m) => m === raw);
  if (mode === undefined) throw new ConfigError(`SIMULATOR_MODE (--simulator-mode) must be ${SIMULATOR_MODES.map((m) => JSON.stringify(m)).join(" or ")}, got ${JSON.stringify(raw)}`);
  return mode;
}

function integer(source: Source, name: string, fallback: number, min: number, max: number): number {
  const raw = source[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

/** Maps `--state-dir x` style flags onto the environment variable names. */
export function flagsToEnv(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) throw new ConfigError(`unexpected argument ${JSON.stringify(arg)}`);
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const name = flag.toUpperCase().replace(/-/g, "_");
    if (name === "SIMULATE") {
      out.SIMULATE = inline ?? "true";
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new ConfigError(`--${flag} needs a value`);
    out[name] = value;
  }
  return out;
}

/** Reads the configuration; `cwd` anchors relative directories. */
export function loadConfig(env: Source, args: readonly string[] = [], cwd = process.cwd()): BrokerConfig {
  const source: Source = { ...env, ...flagsToEnv(args) };
  const password = source.BROKER_PASSWORD ?? "";
  const stateDir = resolve(cwd, source.STATE_DIR ?? "state");
  const port = integer(source, "PORT", 8080, 0, 65535);
  const simulate = source.SIMULATE === undefined ? !hasCloudConfig(source) : /^(1|true|yes)$/i.test(source.SIMULATE);
  return {
    port,
    host: source.HOST ?? "0.0.0.0",
    username: source.BROKER_USERNAME ?? "broker",
    password: password === "" ? randomBytes(18).toString("base64url") : password,
    passwordGenerated: password === "",
    stateDir,
    catalogDir: resolve(cwd, source.CATALOG_DIR ?? "catalog"),
    stacksDir: resolve(cwd, source.STACKS_DIR ?? "stacks"),
    workDir: resolve(cwd, source.WORK_DIR ?? join(tmpdir(), "openstack-broker-work")),
    terraformBin: source.TERRAFORM_BIN ?? "terraform",
    pluginCacheDir: resolve(cwd, source.TF_PLUGIN_CACHE_DIR ?? join(tmpdir(), "openstack-broker-plugin-cache")),
    concurrency: integer(source, "CONCURRENCY", 4, 1, 256),
    operationTimeoutMs: integer(source, "OPERATION_TIMEOUT_SECONDS", 3600, 1, 7 * 86400) * 1000,
    previewConcurrency: integer(source, "PREVIEW_CONCURRENCY", 2, 1, 64),
    previewTimeoutMs: integer(source, "PREVIEW_TIMEOUT_SECONDS", 45, 1, 3600) * 1000,
    killGraceMs: integer(source, "KILL_GRACE_SECONDS", 10, 0, 3600) * 1000,
    stateBackendUrl: source.STATE_BACKEND_URL,
    simulate,
    simulatorDir: resolve(cwd, source.SIMULATOR_DIR ?? join(stateDir, "simulated-cloud")),
    simulatorMode: simulatorMode(source),
    logLevel: source.LOG_LEVEL ?? "info",
    brokerId: source.BROKER_ID ?? hostname(),
    leaseTtlMs: integer(source, "LEASE_TTL_SECONDS", 30, 1, 3600) * 1000,
    defaultCloud: source.DEFAULT_CLOUD || source.OS_CLOUD || undefined,
    cloudMappingFile: source.CLOUD_MAPPING_FILE ? resolve(cwd, source.CLOUD_MAPPING_FILE) : undefined,
    cloudFiles: { env: { OS_CLIENT_CONFIG_FILE: source.OS_CLIENT_CONFIG_FILE, OS_CLIENT_SECURE_FILE: source.OS_CLIENT_SECURE_FILE }, cwd },
  };
}

/** Whether an OpenStack cloud is configured (OS_CLOUD or a clouds.yaml where openstacksdk looks). */
function hasCloudConfig(source: Source): boolean {
  return source.OS_CLOUD !== undefined || source.OS_CLIENT_CONFIG_FILE !== undefined;
}
