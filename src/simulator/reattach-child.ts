import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ASSET_DIR_ENV } from "./assets.js";
import { ensureProviderBundle, START_FILE } from "./bundle.js";
import { loadSimulatorConfig, SIM_ENV } from "./config.js";
import { reattachValue } from "./reattach.js";
import { createSimulatedCloud } from "./simulated-cloud.js";
import type { RunningSimulator, SimulatorOptions } from "./types.js";

const MAGIC_COOKIE = { TF_PLUGIN_MAGIC_COOKIE: "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2" };

/**
 * Fast mode served by a child process: the bundled provider, started without TLS and told to ignore
 * GRPCController.Shutdown; terraform attaches to it through TF_REATTACH_PROVIDERS. The child exits
 * when stopped or when this process dies.
 */
export async function startChildSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const env = options.env ?? process.env;
  await mkdir(options.stateDir, { recursive: true });
  const configFile = options.configFile ?? env[SIM_ENV.config];
  const baseConfig = loadSimulatorConfig({ configFile, env }); // fails here, with the file's name, on a bad config
  const bundleDir = await ensureProviderBundle();
  const childEnv: NodeJS.ProcessEnv = { ...env, ...MAGIC_COOKIE };
  delete childEnv.PLUGIN_CLIENT_CERT;
  Object.assign(childEnv, {
    [ASSET_DIR_ENV]: bundleDir,
    [SIM_ENV.stateDir]: options.stateDir,
    [SIM_ENV.unmanaged]: "1",
    PLUGIN_UNIX_SOCKET_DIR: options.socketDir ?? tmpdir(),
    ...(configFile ? { [SIM_ENV.config]: configFile } : {}),
  });
  const child = spawn(process.execPath, [join(bundleDir, START_FILE)], {
    env: childEnv,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      if (buffered.includes("\n")) resolve(buffered.split("\n")[0]);
    });
    child.once("exit", (code) => reject(new Error(`the simulator child exited (code ${code}) before its handshake`)));
  });
  const [, , network, socketPath] = line.split("|");
  if (network !== "unix" || !socketPath) throw new Error(`unexpected simulator handshake: ${line}`);
  return {
    env: { TF_REATTACH_PROVIDERS: reattachValue(socketPath, child.pid) },
    cloud: createSimulatedCloud({ stateDir: options.stateDir, baseConfig }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
