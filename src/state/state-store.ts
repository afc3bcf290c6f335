/**
 * The storage seam of the broker. Everything the broker keeps — terraform state, instance, binding
 * and operation records, operation logs, locks — is an object under a key in a StateStore.
 *
 * The interface is shaped for an object store (Swift, S3): whole-object reads and writes, a
 * create-only write (Swift's `If-None-Match: *`), delete and list by prefix. There is no
 * compare-and-swap: rules that need mutual exclusion build on `create` (see `locks.ts`).
 *
 * Keys are `/`-separated relative paths made of `[A-Za-z0-9._-]` segments (see `keys.ts`).
 *
 * Implementations:
 * - `createFileStore` (embedded default, a directory with atomic writes),
 * - `createMemoryStore` (test double),
 * - the Swift store and the encrypting wrapper (later issue).
 */
export interface StateStore {
  /** A short name for logs and start-up messages, e.g. `file:/srv/state`. */
  readonly description: string;
  /** Reads an object; `undefined` when it does not exist. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Writes an object, replacing any previous one. Atomic: readers see the old or the new bytes. */
  put(key: string, body: Uint8Array): Promise<void>;
  /**
   * Writes an object only when none exists at `key`.
   * @returns `true` when written, `false` when an object already existed (nothing changed).
   */
  create(key: string, body: Uint8Array): Promise<boolean>;
  /** Deletes an object. @returns `false` when there was nothing to delete. */
  delete(key: string): Promise<boolean>;
  /** Lists the keys that start with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
}

/** Encodes a JSON value as UTF-8 bytes for a store. */
export function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

/** Decodes UTF-8 JSON bytes read from a store. */
export function decodeJson<T>(bytes: Uint8Array): T {
  return JSON.parse(new TextDecoder().decode(bytes)) as T;
}
