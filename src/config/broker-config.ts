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
  /**
   * RESOURCE_SERVICES: generated resource services to serve besides the catalog files (comma- or
   * space-separated: `all`, resource types, service names, families; docs/resource-services.md).
   * Empty (the default): none.
   */
  readonly resourceServices: readonly string[];
  readonly stacksDir: string;
  readonly workDir: string;
  readonly terraformBin: string;
  readonly pluginCacheDir: string;
  readonly concurrency: number;
  /** TERRAFORM_NICENESS: terraform runs this much nicer than the broker (0-19). */
  readonly terraformNiceness: number;
  /** TERRAFORM_SPAWN_HELPER: terraform is started from a small helper process (src/terraform/spawn-helper.ts). */
  readonly terraformSpawnHelper: boolean;
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
  /**
   * Run OpenStack stacks against the built-in simulator instead of a cloud. With `simulateSetting`
   * "auto" this is only the environment's guess: the runtime decides with the clouds.yaml search
   * (src/runtime/simulation.ts).
   */
  readonly simulate: boolean;
  /**
   * SIMULATE as set: "on" (true/1/yes: always the simulator), "off" (false/0/no: never; no cloud is a
   * start-up error), "auto" (unset: a cloud when one is configured, else the simulator with a warning).
   * Absent (a configuration built by hand): `simulate` as given.
   */
  readonly simulateSetting?: SimulateSetting;
  /** SHUTDOWN_GRACE_SECONDS: after SIGTERM, how long running operations may finish before terraform is interrupted. */
  readonly shutdownGraceMs?: number;
  /** METRICS_USERNAME / METRICS_PASSWORD: credentials of GET /metrics (absent: the broker's own). */
  readonly metricsCredentials?: { readonly username: string; readonly password: string };
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
  /** DRIFT_INTERVAL (seconds): how often `serve` checks every instance for drift; 0 (default): never. */
  readonly driftIntervalMs: number;
  /** RETENTION_HOURS: how long a deleted instance's records stay before they become a tombstone; 0: for ever. */
  readonly retentionMs: number;
  /** The clouds.yaml entry of instances nothing else routes (DEFAULT_CLOUD, else OS_CLOUD); docs/clouds.md. */
  readonly defaultCloud?: string;
  /** CLOUD_MAPPING_FILE: rules from the platform context to a cloud (docs/clouds.md). */
  readonly cloudMappingFile?: string;
  /** Where clouds.yaml is looked for: OS_CLIENT_CONFIG_FILE / OS_CLIENT_SECURE_FILE and the directory relative paths start from. */
  readonly cloudFiles?: {
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly cwd: string;
    /** The home directory whose `.config/openstack` is searched (default: the process's). */
    readonly homeDir?: string;
    /** Instead of `/etc/openstack` (tests). */
    readonly systemDir?: string;
  };
}

/** The values of SIMULATE, parsed (see {@link BrokerConfig.simulateSetting}). */
export type SimulateSetting = "auto" | "on" | "off";

/** The values of SIMULATOR_MODE (see {@link BrokerConfig.simulatorMode}). */
export const SIMULATOR_MODES = ["reattach", "launched"] as const;
export type SimulatorMode = (typeof SIMULATOR_MODES)[number];
