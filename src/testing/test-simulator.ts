import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createSimulatorMirror,
  DEFAULT_INVENTORY,
  startSimulator,
  type RunningSimulator,
  type SimulatorConfigInput,
} from "../simulator/index.js";

/** Options of {@link startTestSimulator}. */
export interface TestSimulatorOptions {
  /** Simulator configuration (docs/simulator.md). Default: {@link SERVICE_LIBRARY_SIMULATOR_CONFIG}. */
  readonly config?: SimulatorConfigInput;
  /**
   * `reattach` (default, fast): the simulator runs in this process and terraform attaches to it.
   * `mirror` (faithful): `terraform init` installs the provider from a filesystem mirror and
   * terraform launches it for every command, exactly as it would the real provider.
   */
  readonly mode?: "reattach" | "mirror";
}

/** A simulator with its own cloud for one test file; `stop()` also removes its folder. */
export interface TestSimulator extends RunningSimulator {
  readonly dir: string;
}

/**
 * What the service library's catalog defaults need: the simulator's devstack-like inventory, which
 * has the Ironic flavor (`bm.standard`) for bare metal. (Adding it again would make the flavor lookup
 * fail on two matches, as it would on a real cloud.)
 */
export const SERVICE_LIBRARY_SIMULATOR_CONFIG: SimulatorConfigInput = { inventory: DEFAULT_INVENTORY };

/** Starts the OpenStack simulator on a fresh simulated cloud. */
export async function startTestSimulator(options: TestSimulatorOptions = {}): Promise<TestSimulator> {
  const dir = await mkdtemp(join(tmpdir(), "osb-sim-"));
  const configFile = join(dir, "simulator.json");
  await writeFile(configFile, JSON.stringify(options.config ?? SERVICE_LIBRARY_SIMULATOR_CONFIG));
  const remove = () => rm(dir, { recursive: true, force: true });
  if (options.mode === "mirror") {
    const mirror = await createSimulatorMirror({
      stateDir: join(dir, "cloud"),
      configFile,
      env: {},
      dir: join(dir, "mirror"),
    });
    return { env: mirror.env, cloud: mirror.cloud, dir, stop: remove };
  }
  const simulator = await startSimulator({ stateDir: join(dir, "cloud"), configFile, env: {} });
  return {
    env: simulator.env,
    cloud: simulator.cloud,
    dir,
    async stop() {
      await simulator.stop();
      await remove();
    },
  };
}
