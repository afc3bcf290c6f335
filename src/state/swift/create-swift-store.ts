import type { CloudConfig } from "../../cloud/clouds-yaml.js";
import { createEncryptedStore } from "../crypto/encrypted-store.js";
import type { Keyring } from "../crypto/keyring.js";
import type { StateStore } from "../state-store.js";
import { createHttpClient } from "./http-client.js";
import { createKeystoneSession, type KeystoneSession } from "./keystone-session.js";
import { defaultRetryPolicy, type RetryPolicy } from "./retry.js";
import { createSwiftClient, type SwiftClientOptions } from "./swift-client.js";
import { createRawSwiftStore, type RawSwiftStore } from "./swift-store.js";

/** Encryption at rest: a keyring, or an explicit, deliberate choice of plaintext. */
export type SwiftEncryption = { readonly keyring: Keyring } | { readonly plaintext: true };

/** Options of {@link createSwiftStore}. */
export interface SwiftStoreOptions {
  /** The cloud from clouds.yaml (see `loadCloudConfig`): credentials, region, interface, TLS. */
  readonly cloud: CloudConfig;
  /** The container; created when missing. */
  readonly container: string;
  /** Prepended to every object name, e.g. `broker-a/`; default none. */
  readonly prefix?: string;
  /** Required: the Swift store refuses to start without a key unless plaintext is chosen. */
  readonly encryption: SwiftEncryption;
  /** Retries on 5xx and connection errors; default 10 attempts, 100 ms doubling to 3 s. */
  readonly retry?: Partial<RetryPolicy>;
  /** Per-request timeout; default 30 s. */
  readonly timeoutMs?: number;
  /** Renew the token this long before it expires; default 60 s. */
  readonly expiryMarginMs?: number;
  /** Called before each retry (method, path, attempt, reason: no secrets). */
  readonly onRetry?: SwiftClientOptions["onRetry"];
  /** Wait before a `create` verifies its object survived concurrent creates; default 500 ms (see swift-store.ts). */
  readonly createSettleMs?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/** The Swift store, with what the CLI's re-encrypt command and the tests need. */
export interface SwiftStore extends StateStore {
  /** The same container without the encryption layer (what `reencryptAll` works on). */
  readonly raw: RawSwiftStore;
  /** The Keystone session (token cache). */
  readonly session: KeystoneSession;
}

const CONTAINER = /^[^/]{1,256}$/;

/**
 * Creates the Swift StateStore: authenticates against Keystone v3 (password, application
 * credential or token), finds the object-store endpoint in the catalog (the cloud's region and
 * interface, or `object_store_endpoint_override`), creates the container when missing, and
 * encrypts every object with AES-256-GCM (see docs/state.md).
 * @throws when no encryption is configured, or when Keystone or Swift refuse (message names the
 *   cloud and the status, never a credential).
 */
export async function createSwiftStore(options: SwiftStoreOptions): Promise<SwiftStore> {
  const encryption = options.encryption as Partial<{ keyring: Keyring; plaintext: boolean }> | undefined;
  if (encryption?.keyring === undefined && encryption?.plaintext !== true) {
    throw new Error(
      "the Swift state store needs an encryption key (STATE_ENCRYPTION_KEYS=id:base64key) or plaintext chosen explicitly (STATE_PLAINTEXT=true)",
    );
  }
  if (!CONTAINER.test(options.container))
    throw new Error(`Swift container name must be 1-256 characters without '/': ${JSON.stringify(options.container)}`);
  const { cloud } = options;
  const http = createHttpClient({ verify: cloud.verify, cacert: cloud.cacert, timeoutMs: options.timeoutMs });
  const retry = { ...defaultRetryPolicy, ...options.retry };
  const session = createKeystoneSession({
    auth: cloud.auth,
    http,
    regionName: cloud.regionName,
    interface: cloud.interface,
    endpointOverride: cloud.objectStoreEndpointOverride,
    expiryMarginMs: options.expiryMarginMs,
    retry,
    cloudName: cloud.name,
    now: options.now,
  });
  const client = createSwiftClient({ session, http, retry, onRetry: options.onRetry });
  const raw = createRawSwiftStore({
    client,
    container: options.container,
    prefix: options.prefix,
    label: cloud.name,
    createSettleMs: options.createSettleMs,
  });
  await raw.ensureContainer();
  const store = encryption.keyring === undefined ? raw : createEncryptedStore(raw, encryption.keyring);
  return {
    description: store.description,
    raw,
    session,
    get: (key) => store.get(key),
    put: (key, body) => store.put(key, body),
    create: (key, body) => store.create(key, body),
    delete: (key) => store.delete(key),
    list: (prefix) => store.list(prefix),
  };
}
