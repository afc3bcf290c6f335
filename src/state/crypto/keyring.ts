import { readFileSync } from "node:fs";

/** One AES-256 key and the id written in the header of what it encrypts. */
export interface KeyEntry {
  readonly id: string;
  readonly key: Uint8Array;
}

/** Encryption keys: the primary encrypts every write; all of them (primary included) decrypt. */
export interface Keyring {
  readonly primary: KeyEntry;
  /** Finds a key by the id read from a ciphertext header. */
  find(id: string): KeyEntry | undefined;
  /** All key ids, primary first (for messages: ids are not secret). */
  readonly ids: readonly string[];
}

/** A key problem; the message names the source and the key id, never key material. */
export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyringError";
  }
}

const ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds a keyring; the first entry is the primary. Keys must be 32 bytes, ids unique. */
export function createKeyring(entries: readonly KeyEntry[]): Keyring {
  if (entries.length === 0) throw new KeyringError("a keyring needs at least one key");
  const byId = new Map<string, KeyEntry>();
  for (const entry of entries) {
    if (!ID.test(entry.id))
      throw new KeyringError(
        `key id must be 1-64 characters of [A-Za-z0-9._-]: ${JSON.stringify(entry.id.slice(0, 64))}`,
      );
    if (entry.key.byteLength !== 32)
      throw new KeyringError(`key ${entry.id}: must be 32 bytes (AES-256), got ${entry.key.byteLength}`);
    if (byId.has(entry.id)) throw new KeyringError(`key id ${entry.id} appears twice`);
    byId.set(entry.id, { id: entry.id, key: Uint8Array.from(entry.key) });
  }
  return { primary: byId.get(entries[0].id)!, find: (id) => byId.get(id), ids: [...byId.keys()] };
}

/**
 * Parses `id:base64key,id2:base64key2` (commas or newlines; `#` starts a comment line); the first is
 * the primary. `source` names where the text came from, for errors.
 */
export function parseKeyring(text: string, source: string): Keyring {
  const items = text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== "" && !item.startsWith("#"));
  const entries = items.map((item, index) => {
    const colon = item.indexOf(":");
    if (colon <= 0) throw new KeyringError(`${source}: entry ${index + 1} must be id:base64key`);
    const id = item.slice(0, colon);
    const encoded = item.slice(colon + 1).trim();
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) throw new KeyringError(`${source}: key ${id} is not base64`);
    return { id, key: new Uint8Array(Buffer.from(encoded, "base64")) };
  });
  try {
    return createKeyring(entries);
  } catch (error) {
    throw new KeyringError(`${source}: ${(error as Error).message}`);
  }
}

/** Where keys come from. */
export interface LoadKeyringOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Loads the keyring from `STATE_ENCRYPTION_KEYS` (`id:base64,...`) or from the file named by
 * `STATE_ENCRYPTION_KEYS_FILE` (same format, one per line allowed). Setting both is an error.
 * @returns `undefined` when neither is set.
 */
export function loadKeyring(options: LoadKeyringOptions = {}): Keyring | undefined {
  const env = options.env ?? process.env;
  const inline = env.STATE_ENCRYPTION_KEYS;
  const file = env.STATE_ENCRYPTION_KEYS_FILE;
  if (inline && file) throw new KeyringError("set STATE_ENCRYPTION_KEYS or STATE_ENCRYPTION_KEYS_FILE, not both");
  if (inline) return parseKeyring(inline, "STATE_ENCRYPTION_KEYS");
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new KeyringError(
      `STATE_ENCRYPTION_KEYS_FILE ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  return parseKeyring(text, `STATE_ENCRYPTION_KEYS_FILE ${file}`);
}
