/**
 * The broker's configuration, read from the environment and `serve` flags (flags win): README.md
 * "Configuration" lists every variable. Used by every command; the CLI only handles arguments.
 */
import { randomBytes } from "node:crypto";
import { availableParallelism, hostname, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SIMULATOR_MODES, type BrokerConfig, type SimulateSetting, type SimulatorMode } from "./broker-config.js";
import { ConfigError } from "./config-error.js";
import { flagName, optionsFor } from "./options.js";
import { type FlagSpec, parseFlags } from "./parse-flags.js";
import { defaultWorkDir } from "./default-work-dir.js";

type Source = Readonly<Record<string, string | undefined>>;

function simulatorMode(source: Source): SimulatorMode {
  const raw = source.SIMULATOR_MODE;
  if (raw === undefined || raw === "") return "reattach";
  const mode = SIMULATOR_MODES.find((m) => m === raw);
  if (mode === undefined)
    throw new ConfigError(
      `SIMULATOR_MODE (--simulator-mode) must be ${SIMULATOR_MODES.map((m) => JSON.stringify(m)).join(" or ")}, got ${JSON.stringify(raw)}`,
    );
  return mode;
}

/** SIMULATE: true/1/yes, false/0/no or unset; anything else is refused (a typo MUST NOT mean "simulate"). */
function simulateSetting(source: Source): SimulateSetting {
  const raw = source.SIMULATE;
  if (raw === undefined || raw === "") return "auto";
  if (/^(1|true|yes)$/i.test(raw)) return "on";
  if (/^(0|false|no)$/i.test(raw)) return "off";
  throw new ConfigError(`SIMULATE (--simulate) must be true or false, got ${JSON.stringify(raw)}`);
}

/** TERRAFORM_SPAWN_HELPER: true/1/yes (the default when unset) or false/0/no; anything else is refused. */
function spawnHelperSetting(source: Source): boolean {
  const raw = source.TERRAFORM_SPAWN_HELPER;
  if (raw === undefined || raw === "" || /^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  throw new ConfigError(
    `TERRAFORM_SPAWN_HELPER (--terraform-spawn-helper) must be true or false, got ${JSON.stringify(raw)}`,
  );
}

/** METRICS_USERNAME and METRICS_PASSWORD: both or neither. */
function metricsCredentials(source: Source): BrokerConfig["metricsCredentials"] {
  const username = source.METRICS_USERNAME || undefined;
  const password = source.METRICS_PASSWORD || undefined;
  if (username === undefined && password === undefined) return undefined;
  if (username === undefined || password === undefined)
    throw new ConfigError(
      "METRICS_USERNAME and METRICS_PASSWORD must be set together (or neither: /metrics then takes the broker's credentials)",
    );
  return { username, password };
}

function integer(source: Source, name: string, fallback: number, min: number, max: number): number {
  const raw = source[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

/** The flags of `serve`: every variable of the option table that has one, and `--help`. */
export const SERVE_FLAGS: Readonly<Record<string, FlagSpec>> = {
  ...Object.fromEntries(optionsFor("serve").map((o) => [flagName(o), { type: o.type }])),
  help: { type: "boolean", short: "h" },
};

/**
 * Maps `serve` flags (`--state-dir x`, `--simulate`) onto the environment variable names of the
 * option table (src/config/options.ts); an unknown flag is a ConfigError with a suggestion.
 */
export function flagsToEnv(args: readonly string[]): Record<string, string> {
  const { values, positionals } = parseFlags(args, SERVE_FLAGS);
  if (positionals.length > 0) throw new ConfigError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const out: Record<string, string> = {};
  for (const [flag, value] of Object.entries(values))
    if (flag !== "help") out[flag.toUpperCase().replace(/-/g, "_")] = String(value);
  return out;
}

/** pino's levels: the values of LOG_LEVEL. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

function logLevel(source: Source): string {
  const raw = source.LOG_LEVEL;
  if (raw === undefined || raw === "") return "info";
  if (!(LOG_LEVELS as readonly string[]).includes(raw))
    throw new ConfigError(
      `LOG_LEVEL (--log-level) must be one of ${LOG_LEVELS.join(", ")}, got ${JSON.stringify(raw)}`,
    );
  return raw;
}

/** Reads the configuration; `cwd` anchors relative directories. */
export function loadConfig(env: Source, args: readonly string[] = [], cwd = process.cwd()): BrokerConfig {
  const source: Source = { ...env, ...flagsToEnv(args) };
  const password = source.BROKER_PASSWORD ?? "";
  const stateDir = resolve(cwd, source.STATE_DIR ?? "state");
  const port = integer(source, "PORT", 8080, 0, 65535);
  const setting = simulateSetting(source);
  const simulate = setting === "auto" ? !hasCloudConfig(source) : setting === "on";
  return {
    port,
    host: source.HOST ?? "0.0.0.0",
    username: source.BROKER_USERNAME ?? "broker",
    password: password === "" ? randomBytes(18).toString("base64url") : password,
    passwordGenerated: password === "",
    stateDir,
    catalogDir: resolve(cwd, source.CATALOG_DIR ?? "catalog"),
    resourceServices: (source.RESOURCE_SERVICES ?? "").split(/[\s,]+/).filter((entry) => entry !== ""),
    stacksDir: resolve(cwd, source.STACKS_DIR ?? "stacks"),
    workDir: source.WORK_DIR ? resolve(cwd, source.WORK_DIR) : defaultWorkDir(),
    terraformBin: source.TERRAFORM_BIN ?? "terraform",
    pluginCacheDir: resolve(cwd, source.TF_PLUGIN_CACHE_DIR ?? join(tmpdir(), "openstack-broker-plugin-cache")),
    concurrency: integer(source, "CONCURRENCY", defaultConcurrency(), 1, 256),
    terraformNiceness: integer(source, "TERRAFORM_NICENESS", 10, 0, 19),
    terraformSpawnHelper: spawnHelperSetting(source),
    operationTimeoutMs: integer(source, "OPERATION_TIMEOUT_SECONDS", 3600, 1, 7 * 86400) * 1000,
    previewConcurrency: integer(source, "PREVIEW_CONCURRENCY", 2, 1, 64),
    previewTimeoutMs: integer(source, "PREVIEW_TIMEOUT_SECONDS", 45, 1, 3600) * 1000,
    killGraceMs: integer(source, "KILL_GRACE_SECONDS", 10, 0, 3600) * 1000,
    shutdownGraceMs: integer(source, "SHUTDOWN_GRACE_SECONDS", 60, 0, 3600) * 1000,
    metricsCredentials: metricsCredentials(source),
    stateBackendUrl: source.STATE_BACKEND_URL,
    simulate,
    simulateSetting: setting,
    simulatorDir: resolve(cwd, source.SIMULATOR_DIR ?? join(stateDir, "simulated-cloud")),
    simulatorMode: simulatorMode(source),
    logLevel: logLevel(source),
    brokerId: source.BROKER_ID ?? hostname(),
    leaseTtlMs: integer(source, "LEASE_TTL_SECONDS", 30, 1, 3600) * 1000,
    driftIntervalMs: integer(source, "DRIFT_INTERVAL", 0, 0, 30 * 86400) * 1000,
    retentionMs: integer(source, "RETENTION_HOURS", 168, 0, 24 * 3650) * 3600_000,
    defaultCloud: source.DEFAULT_CLOUD || source.OS_CLOUD || undefined,
    cloudMappingFile: source.CLOUD_MAPPING_FILE ? resolve(cwd, source.CLOUD_MAPPING_FILE) : undefined,
    cloudFiles: {
      env: { OS_CLIENT_CONFIG_FILE: source.OS_CLIENT_CONFIG_FILE, OS_CLIENT_SECURE_FILE: source.OS_CLIENT_SECURE_FILE },
      cwd,
      homeDir: source.HOME || undefined,
    },
  };
}

/**
 * CONCURRENCY's default: four operations per core (8 on 2 cores), at least 4, at most 32. terraform
 * mostly waits — for the cloud, for its state backend, for its own start — so two per core left the
 * cores idle: 200 provisions took 2.3x as long with 4 as with 8 on 2 cores (bench/scale.bench.ts,
 * BENCHMARKS.md "Scale"). It runs niced (src/terraform/exec.ts), so the broker's polls come first.
 */
export function defaultConcurrency(cores = availableParallelism()): number {
  return Math.max(4, Math.min(32, 4 * cores));
}

/**
 * The environment's guess whether an OpenStack cloud is configured (OS_CLOUD, OS_CLIENT_CONFIG_FILE,
 * OS_AUTH_URL); with SIMULATE unset the runtime also searches clouds.yaml (src/runtime/simulation.ts).
 */
function hasCloudConfig(source: Source): boolean {
  return Boolean(source.OS_CLOUD || source.OS_CLIENT_CONFIG_FILE || source.OS_AUTH_URL);
}
