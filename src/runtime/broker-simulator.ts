import type { SimulatedCloud } from "../simulator/index.js";
import type { SimulatorMode } from "../config/broker-config.js";

/** The simulator a broker (or a dry-run) runs OpenStack stacks against. */
export interface BrokerSimulator {
  readonly mode: SimulatorMode;
  /** Environment for every terraform command of a simulated run (init included). */
  readonly env: Readonly<Record<string, string>>;
  /** The simulated cloud the runs change (the same in both modes). */
  readonly cloud: SimulatedCloud;
  /** Stops the in-process provider (reattach); nothing to stop when terraform launches it. */
  stop(): Promise<void>;
}

/** Options of {@link startBrokerSimulator}. */
export interface BrokerSimulatorOptions {
  /** SIMULATOR_DIR: the simulated cloud's resources. */
  readonly stateDir: string;
  /** SIMULATOR_MODE. */
  readonly mode: SimulatorMode;
  /**
   * Launched mode: the folder for the filesystem mirror, the launcher and the CLI configuration.
   * MUST be private to this process (another process rewriting the launcher while terraform starts
   * it would break that run): the broker uses its WORK_DIR, a dry-run its own temporary folder.
   */
  readonly mirrorDir: string;
}

/**
 * Starts the simulator in the configured mode (docs/simulator.md, "Wiring it to terraform"):
 * - `reattach`: one unmanaged provider in this process serves every terraform process; it sees only
 *   the provider block, not the run's environment or working directory;
 * - `launched`: terraform installs the simulator from a filesystem mirror and launches it for each
 *   command, exactly as it launches the real provider, so the provider resolves the run's
 *   clouds.yaml, secure.yaml and OS_* variables as gophercloud does (src/simulator/provider-auth.ts).
 *   The runs get no plugin cache: with the broker's shared TF_PLUGIN_CACHE_DIR, `terraform init`
 *   would cache the simulator as registry.terraform.io/terraform-provider-openstack/openstack 3.4.0,
 *   and a later run against a real cloud would take it from there (docs/live-test.md).
 */
export async function startBrokerSimulator(options: BrokerSimulatorOptions): Promise<BrokerSimulator> {
  const simulator = await import("../simulator/index.js");
  if (options.mode === "reattach") {
    const running = await simulator.startSimulator({ stateDir: options.stateDir });
    return { mode: "reattach", env: running.env, cloud: running.cloud, stop: () => running.stop() };
  }
  const mirror = await simulator.createSimulatorMirror({ stateDir: options.stateDir, dir: options.mirrorDir });
  // MUST blank TF_PLUGIN_CACHE_DIR (terraform treats "" as unset): the runner sets the broker's cache
  // for every command, and a run's own environment wins over it.
  return {
    mode: "launched",
    env: { ...mirror.env, TF_PLUGIN_CACHE_DIR: "" },
    cloud: mirror.cloud,
    stop: async () => undefined,
  };
}
