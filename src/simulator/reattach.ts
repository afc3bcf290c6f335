import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveAssets } from "./assets.js";
import { loadSimulatorConfig } from "./config.js";
import { schemaResponseBytes, startProviderServer } from "./provider-server.js";
import { PROVIDER_ADDRESS } from "./schema-types.js";
import { createSimulatedCloud } from "./simulated-cloud.js";
import type { RunningSimulator, SimulatorOptions } from "./types.js";

let sequence = 0;

/** The TF_REATTACH_PROVIDERS value for a provider listening on a unix socket in this process. */
export function reattachValue(socketPath: string, pid = process.pid): string {
  return JSON.stringify({
    [PROVIDER_ADDRESS]: {
      Protocol: "grpc",
      ProtocolVersion: 6,
      Pid: pid,
      // Without Test: true terraform 1.11 panics on reattach, and it would try to kill this process.
      Test: true,
      Addr: { Network: "unix", String: socketPath },
    },
  });
}

/**
 * Fast mode: serves the provider from this process as an unmanaged provider; terraform attaches
 * through TF_REATTACH_PROVIDERS. One server handles any number of terraform processes at once.
 */
export async function startReattachSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const env = options.env ?? process.env;
  await mkdir(options.stateDir, { recursive: true });
  const cloud = createSimulatedCloud({
    stateDir: options.stateDir,
    baseConfig: loadSimulatorConfig({ configFile: options.configFile, env }),
  });
  const socketPath = join(
    options.socketDir ?? tmpdir(),
    `os-sim-${process.pid}-${++sequence}-${Date.now().toString(36)}.sock`,
  );
  const assets = resolveAssets(env);
  const server = await startProviderServer({
    cloud,
    assets,
    socketPath,
    onInternalError:
      options.onInternalError ??
      ((error) => process.stderr.write(`openstack simulator: ${String((error as Error)?.stack ?? error)}\n`)),
  });
  // Build the schema response now, while the caller starts terraform, not on its first RPC.
  setImmediate(() => {
    try {
      schemaResponseBytes(assets, process.env);
    } catch {
      // GetProviderSchema will report it.
    }
  });
  return {
    env: { TF_REATTACH_PROVIDERS: reattachValue(socketPath) },
    cloud,
    stop: () => server.close(),
  };
}
