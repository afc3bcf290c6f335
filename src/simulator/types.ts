import type { SimulatedCloud } from "./simulated-cloud.js";

/** Options common to both wiring modes. */
export interface SimulatorOptions {
  /** The simulated cloud's folder (resources, counters, runtime settings). Created when missing. */
  readonly stateDir: string;
  /** A JSON or YAML configuration file (docs/simulator.md). Default: $OPENSTACK_SIM_CONFIG, if set. */
  readonly configFile?: string;
  /** Environment to read OPENSTACK_SIM_* settings from. Default: process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Folder for the unix socket. Default: the OS temp dir (socket paths must stay short). */
  readonly socketDir?: string;
  /**
   * Fast mode only: serve from a child process (the cached bundle) instead of this process, so a
   * busy event loop here never stalls terraform. Default false (in-process).
   */
  readonly child?: boolean;
  /** Receives simulator bugs (not simulated API errors). Default: written to stderr. */
  readonly onInternalError?: (error: unknown) => void;
}

/** A simulator serving terraform. */
export interface RunningSimulator {
  /** Environment to merge into EVERY terraform command (init included) so terraform uses the simulator. */
  readonly env: Readonly<Record<string, string>>;
  /** Inspect/mutate the simulated cloud (list resources, delete one out of band, inject failures, set quotas). */
  readonly cloud: SimulatedCloud;
  stop(): Promise<void>;
}

/** What {@link createSimulatorMirror} returns. */
export interface SimulatorMirror {
  /** Environment for every terraform command: TF_CLI_CONFIG_FILE and OPENSTACK_SIM_STATE_DIR. */
  readonly env: Readonly<Record<string, string>>;
  /** The same cloud the launched providers use. */
  readonly cloud: SimulatedCloud;
}
