import type { StateStore } from "../state-store.js";
import { envelopeKeyId, isEnvelope, open, seal } from "./envelope.js";
import type { Keyring } from "./keyring.js";

/** Options of {@link createEncryptedStore}. */
export interface EncryptedStoreOptions {
  /**
   * Read objects that carry no envelope as plaintext (migration from an unencrypted store);
   * default false: such an object is an error. Writes are always encrypted.
   */
  readonly acceptPlaintext?: boolean;
}

/**
 * Wraps a store so that every object is AES-256-GCM encrypted before it reaches `inner` (see
 * envelope.ts for the format). Writes use the keyring's primary key; reads accept any keyring key.
 * Keys, listings and deletes pass through unchanged (object names are not secret).
 */
export function createEncryptedStore(
  inner: StateStore,
  keyring: Keyring,
  options: EncryptedStoreOptions = {},
): StateStore {
  const decrypt = (key: string, bytes: Uint8Array) =>
    options.acceptPlaintext && !isEnvelope(bytes) ? bytes : open(bytes, key, keyring);
  return {
    description: `encrypted(aes-256-gcm, primary key ${keyring.primary.id}):${inner.description}`,
    async get(key) {
      const bytes = await inner.get(key);
      return bytes === undefined ? undefined : decrypt(key, bytes);
    },
    put: (key, body) => inner.put(key, seal(body, key, keyring.primary)),
    create: (key, body) => inner.create(key, seal(body, key, keyring.primary)),
    delete: (key) => inner.delete(key),
    list: (prefix) => inner.list(prefix),
  };
}

/** What {@link reencryptAll} did. */
export interface ReencryptReport {
  /** Objects looked at. */
  readonly total: number;
  /** Rewritten with the primary key (from an older key, or from plaintext). */
  readonly reencrypted: number;
  /** Already under the primary key. */
  readonly current: number;
  /** Changed by someone else between our read and our write: left alone (a new write uses the primary). */
  readonly skipped: number;
  /** Keys of the objects that could not be decrypted (unknown key, altered); left unchanged. */
  readonly failed: readonly string[];
}

/**
 * Rewrites every object of the raw store `inner` under `prefix` with the keyring's primary key.
 * Plaintext objects (no envelope) are encrypted too. There is no compare-and-swap: just before each
 * write the object is read again and left alone if it changed, which narrows (but cannot close) the
 * window for losing a concurrent write; run it with the brokers stopped, or accept that window.
 */
export async function reencryptAll(inner: StateStore, keyring: Keyring, prefix = ""): Promise<ReencryptReport> {
  let total = 0;
  let reencrypted = 0;
  let current = 0;
  let skipped = 0;
  const failed: string[] = [];
  for (const key of await inner.list(prefix)) {
    const bytes = await inner.get(key);
    if (bytes === undefined) continue;
    total++;
    if (envelopeKeyId(bytes) === keyring.primary.id) {
      current++;
      continue;
    }
    let plaintext: Uint8Array;
    try {
      plaintext = isEnvelope(bytes) ? open(bytes, key, keyring) : bytes;
    } catch {
      failed.push(key);
      continue;
    }
    const again = await inner.get(key);
    if (again === undefined || !Buffer.from(again).equals(Buffer.from(bytes))) {
      skipped++;
      continue;
    }
    await inner.put(key, seal(plaintext, key, keyring.primary));
    reencrypted++;
  }
  return { total, reencrypted, current, skipped, failed };
}
