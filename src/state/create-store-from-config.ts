import { ConfigError } from "../config/config-error.js";
import { loadCloudConfig } from "../cloud/clouds-yaml.js";
import { createEncryptedStore, reencryptAll, type ReencryptReport } from "./crypto/encrypted-store.js";
import { type Keyring, loadKeyring } from "./crypto/keyring.js";
import { createFileStore } from "./file-store.js";
import type { StateStore } from "./state-store.js";
import { createSwiftStore } from "./swift/create-swift-store.js";

/** Options of {@link createStoreFromConfig}. */
export interface StoreFromConfigOptions {
  /** The environment (and flags mapped onto it): the `STATE_*` variables below, OS_CLOUD, OS_CLIENT_CONFIG_FILE. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The file store's directory (`BrokerConfig.stateDir`). */
  readonly stateDir: string;
  /** Where `./clouds.yaml` is looked for; default the process's. */
  readonly cwd?: string;
  /** Called before each Swift retry (no secrets), for a log line. */
  readonly onRetry?: (info: {
    readonly method: string;
    readonly path: string;
    readonly attempt: number;
    readonly reason: string;
  }) => void;
}

/** The configured store, and what the CLI's re-encrypt command needs. */
export interface ConfiguredStore {
  /** The store the broker uses (encrypting when a keyring is configured). */
  readonly store: StateStore;
  /** The same objects without the encryption layer: `reencryptAll(raw, keyring)`. */
  readonly raw: StateStore;
  /** The keyring, when STATE_ENCRYPTION_KEYS(_FILE) is set. */
  readonly keyring?: Keyring;
}

const TRUE = /^(1|true|yes)$/i;

/**
 * Builds the state store from the environment:
 * - `STATE_STORE`: `file` (default, the directory `stateDir`) or `swift`.
 * - `STATE_CLOUD`: the clouds.yaml entry for Swift (default `OS_CLOUD`); clouds.yaml is found like
 *   openstacksdk does (`OS_CLIENT_CONFIG_FILE`, ./clouds.yaml, ~/.config/openstack, /etc/openstack).
 * - `STATE_CONTAINER` (default `openstack-broker-state`), `STATE_PREFIX` (default none).
 * - `STATE_ENCRYPTION_KEYS=id:base64key,...` or `STATE_ENCRYPTION_KEYS_FILE`: the first key encrypts
 *   new writes, all of them decrypt. Required for Swift unless `STATE_PLAINTEXT=true`; optional for
 *   the file store (plaintext without it).
 * - `STATE_ACCEPT_PLAINTEXT=true`: read objects written before encryption was turned on (then run
 *   the re-encrypt command).
 * @throws ConfigError naming the variable (or clouds.yaml file and field), never a secret.
 */
export async function createStoreFromConfig(options: StoreFromConfigOptions): Promise<ConfiguredStore> {
  const { env } = options;
  const kind = env.STATE_STORE ?? "file";
  const keyring = wrap("STATE_ENCRYPTION_KEYS", () => loadKeyring({ env }));
  const acceptPlaintext = TRUE.test(env.STATE_ACCEPT_PLAINTEXT ?? "");
  const encrypt = (raw: StateStore): ConfiguredStore =>
    keyring === undefined
      ? { store: raw, raw }
      : { store: createEncryptedStore(raw, keyring, { acceptPlaintext }), raw, keyring };
  if (kind === "file") return encrypt(await createFileStore({ dir: options.stateDir }));
  if (kind !== "swift") throw new ConfigError(`STATE_STORE must be file or swift, got ${JSON.stringify(kind)}`);

  const plaintext = TRUE.test(env.STATE_PLAINTEXT ?? "");
  if (keyring === undefined && !plaintext) {
    throw new ConfigError(
      "STATE_STORE=swift needs STATE_ENCRYPTION_KEYS (id:base64 of 32 bytes, e.g. `k1:$(openssl rand -base64 32)`) or STATE_PLAINTEXT=true",
    );
  }
  const cloudName = env.STATE_CLOUD || env.OS_CLOUD || undefined;
  const cloud = wrap("clouds.yaml", () => loadCloudConfig({ cloud: cloudName, env, cwd: options.cwd }));
  const swift = await createSwiftStore({
    cloud,
    container: env.STATE_CONTAINER || "openstack-broker-state",
    prefix: env.STATE_PREFIX || undefined,
    encryption: { plaintext: true },
    onRetry: options.onRetry,
  }).catch((error: Error) => {
    throw new ConfigError(`state store (STATE_STORE=swift, cloud ${cloud.name}): ${error.message}`);
  });
  return encrypt(swift.raw);
}

/**
 * The CLI's re-encrypt command: rewrites every object of the configured store (under `prefix`)
 * with the primary key of STATE_ENCRYPTION_KEYS (see docs/state.md, "Key rotation").
 * @throws ConfigError when no keys are configured.
 */
export async function reencryptConfiguredStore(options: StoreFromConfigOptions, prefix = ""): Promise<ReencryptReport> {
  const { raw, keyring } = await createStoreFromConfig(options);
  if (keyring === undefined)
    throw new ConfigError(
      "re-encrypt needs STATE_ENCRYPTION_KEYS or STATE_ENCRYPTION_KEYS_FILE (the new primary key first)",
    );
  return reencryptAll(raw, keyring, prefix);
}

function wrap<T>(what: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    const message = (error as Error).message;
    throw new ConfigError(message.includes(what) ? message : `${what}: ${message}`);
  }
}
