import { stat } from "node:fs/promises";
import { createStoreFromConfig, type StoreFromConfigOptions } from "../state/create-store-from-config.js";
import { createMemoryStore } from "../state/memory-store.js";
import { readOnlyStore } from "../state/read-only-store.js";
import type { StateStore } from "../state/state-store.js";
import type { BrokerConfig } from "../config/broker-config.js";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The state store `serve` uses, from the environment (STATE_STORE=file|swift, STATE_ENCRYPTION_KEYS, ...:
 * see docs/state.md): every command opens the same store the same way.
 */
export async function openStore(
  config: BrokerConfig,
  env: Env,
  onRetry?: StoreFromConfigOptions["onRetry"],
): Promise<StateStore> {
  return (await createStoreFromConfig({ env, stateDir: config.stateDir, onRetry })).store;
}

/**
 * The store, read-only (writes throw), for commands that only look: `plan`, `instances`, `operations`,
 * `synth`. A missing state directory is not created: it is an empty store (no instances yet).
 * `open`: how to open the store instead of the configured one.
 */
export async function openStoreReadOnly(
  config: BrokerConfig,
  env: Env,
  open?: () => Promise<StateStore>,
): Promise<StateStore> {
  if (open !== undefined) return readOnlyStore(await open());
  if (
    (env.STATE_STORE ?? "file") === "file" &&
    !(await stat(config.stateDir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  ) {
    return readOnlyStore(createMemoryStore());
  }
  return readOnlyStore(await openStore(config, env));
}
