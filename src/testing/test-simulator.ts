import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator, type RunningSimulator, type SimulatorConfigInput } from "../simulator/index.js";
import { DEFAULT_INVENTORY } from "../simulator/inventory.js";

/** Options of {@link startTestSimulator}. */
export interface TestSimulatorOptions {
  /** Simulator configuration (docs/simulator.md). Default: {@link SERVICE_LIBRARY_SIMULATOR_CONFIG}. */
  readonly config?: SimulatorConfigInput;
}

/** A simulator with its own cloud for one test file; `stop()` also removes its folder. */
export interface TestSimulator extends RunningSimulator {
  readonly dir: string;
}

/**
 * What the service library's catalog defaults need beyond the simulator's devstack-like inventory:
 * an Ironic flavor for bare metal.
 */
export const SERVICE_LIBRARY_SIMULATOR_CONFIG: SimulatorConfigInput = {
  inventory: {
    ...DEFAULT_INVENTORY,
    flavors: [...DEFAULT_INVENTORY.flavors, { id: "bm1", name: "bm.standard", vcpus: 16, ram: 49152, disk: 480 }],
  },
};

/** Starts the OpenStack simulator (reattach mode) on a fresh simulated cloud. */
export async function startTestSimulator(options: TestSimulatorOptions = {}): Promise<TestSimulator> {
  const dir = await mkdtemp(join(tmpdir(), "osb-sim-"));
  const configFile = join(dir, "simulator.json");
  await writeFile(configFile, JSON.stringify(options.config ?? SERVICE_LIBRARY_SIMULATOR_CONFIG));
  const simulator = await startSimulator({ stateDir: join(dir, "cloud"), configFile, env: {} });
  return {
    ...simulator,
    env: simulator.env,
    cloud: simulator.cloud,
    dir,
    async stop() {
      await simulator.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
