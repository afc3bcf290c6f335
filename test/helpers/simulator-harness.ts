/**
 * The simulator's own test harness (not the service authors' kit, which is src/testing): a real
 * terraform against the simulator, with a private cloud state and working directories per test, all
 * removed afterwards (socket files included). Hand-written configurations, any provider mode.
 *
 *   import { simulatorTest } from "../../test/helpers/simulator-harness.js";
 *   simulatorTest("applies", async ({ simulator }) => {
 *     const dir = await simulator.workdir({ resource: { ... } });
 *     expect((await simulator.terraform(dir, "apply", "-auto-approve")).exitCode).toBe(0);
 *   });
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { test } from "vitest";
import {
  createSimulatorMirror,
  type SimulatedCloud,
  type SimulatorConfigInput,
  startSimulator,
} from "../../src/simulator/index.js";

/** The result of one terraform command. */
export interface TerraformRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A simulator set up for one test. */
export interface TestSimulator {
  readonly mode: "reattach" | "child" | "mirror";
  /** Environment given to every terraform command. */
  readonly env: Readonly<Record<string, string>>;
  readonly cloud: SimulatedCloud;
  readonly stateDir: string;
  /** A fresh working directory holding `config` as main.tf.json (the openstack provider is required for you). */
  workdir(config: Record<string, unknown>): Promise<string>;
  /** Runs terraform in `cwd` (never throws on a non-zero exit). */
  terraform(cwd: string, ...args: string[]): Promise<TerraformRun>;
  /** Stops the simulator and deletes every file it made. */
  cleanup(): Promise<void>;
}

/** Options of {@link createTestSimulator}. */
export interface TestSimulatorOptions {
  /** reattach (fast, in-process, default), child (fast, served by a child process) or mirror (terraform launches it). */
  readonly mode?: "reattach" | "child" | "mirror";
  readonly configFile?: string;
  /** A configuration written to a file in the test's folder (instead of `configFile`). */
  readonly config?: SimulatorConfigInput;
  /** Extra OPENSTACK_SIM_* variables. */
  readonly env?: Readonly<Record<string, string>>;
}

/** The `terraform.required_providers` block every simulator stack needs. */
export const REQUIRED_PROVIDERS = {
  openstack: { source: "terraform-provider-openstack/openstack", version: "3.4.0" },
};

/** Starts a simulator with its own temporary cloud state. */
export async function createTestSimulator(options: TestSimulatorOptions = {}): Promise<TestSimulator> {
  const mode = options.mode ?? "reattach";
  const root = await mkdtemp(join(tmpdir(), "os-sim-test-"));
  const stateDir = join(root, "cloud");
  const baseEnv = { ...process.env, ...(options.env ?? {}) };
  const emptyCliConfig = join(root, "empty.tfrc");
  await writeFile(emptyCliConfig, "");
  let configFile = options.configFile;
  if (options.config) {
    configFile = join(root, "simulator-config.json");
    await writeFile(configFile, JSON.stringify(options.config));
  }
  let stop = async (): Promise<void> => {};
  let env: Record<string, string>;
  let cloud: SimulatedCloud;
  if (mode !== "mirror") {
    const running = await startSimulator({
      stateDir,
      configFile,
      env: baseEnv,
      socketDir: root,
      child: mode === "child",
    });
    env = { ...running.env, TF_CLI_CONFIG_FILE: emptyCliConfig };
    cloud = running.cloud;
    stop = () => running.stop();
  } else {
    const mirror = await createSimulatorMirror({ stateDir, configFile, env: baseEnv, dir: join(root, "mirror") });
    // Launched providers put their sockets in TMPDIR: keep them inside `root`.
    env = { ...mirror.env, TMPDIR: root };
    cloud = mirror.cloud;
  }
  const commandEnv: Record<string, string | undefined> = {
    ...baseEnv,
    ...env,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
  };
  delete commandEnv.TF_PLUGIN_CACHE_DIR;
  let count = 0;
  return {
    mode,
    env,
    cloud,
    stateDir,
    async workdir(config) {
      const dir = join(root, `work-${++count}`);
      await mkdir(dir, { recursive: true });
      const terraform = { ...((config.terraform as object | undefined) ?? {}), required_providers: REQUIRED_PROVIDERS };
      await writeFile(join(dir, "main.tf.json"), JSON.stringify({ ...config, terraform }, null, 2));
      return dir;
    },
    async terraform(cwd, ...args) {
      const result = await execa("terraform", args, { cwd, env: commandEnv, reject: false, extendEnv: false });
      return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
    },
    async cleanup() {
      const stopping = stop;
      stop = async () => undefined;
      await stopping();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A vitest `test` with a `simulator` fixture (reattach mode), cleaned up after each test. */
export const simulatorTest = test.extend<{ simulator: TestSimulator }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads the fixtures a test uses from its first parameter
  simulator: async ({}, use) => {
    const simulator = await createTestSimulator();
    try {
      await use(simulator);
    } finally {
      await simulator.cleanup();
    }
  },
});

/** Parses terraform's `-json` output (one JSON object per line). */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
