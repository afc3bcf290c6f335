import type { StateStore } from "./state-store.js";
import { decodeJson, encodeJson } from "./state-store.js";

/**
 * Locks as objects: a lock is held by whoever created its object (the store's create-only write).
 *
 * Rules (they must hold for every store, including Swift, which has no compare-and-swap):
 * - Acquire = `create(key)`. Exactly one creator wins; the others read the holder and report it.
 * - A holder MUST release its lock when its work ends, in a `finally`.
 * - Release deletes the object only when its `owner` matches (read, compare, delete).
 * - A lock whose holder is known dead (its run was interrupted by a crash) is broken by the process
 *   that resumes the work, before it runs again — never by a competing run.
 * - `expiresAt`, when set, lets a competitor take the lock over after that time (see docs/state.md).
 */
export interface LockRecord {
  /** Who holds it: a run id. */
  readonly owner: string;
  /** ISO time after which the lock may be taken over; absent = until released or broken. */
  readonly expiresAt?: string;
  /** Free-form info shown to whoever is refused (terraform's lock info for state locks). */
  readonly info: Readonly<Record<string, unknown>>;
}

export type AcquireResult =
  | { readonly acquired: true }
  | { readonly acquired: false; readonly holder: LockRecord | undefined };

export interface AcquireOptions {
  readonly owner: string;
  readonly info?: Readonly<Record<string, unknown>>;
  /** Lifetime in ms; absent = no expiry. */
  readonly ttlMs?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/** Tries to take the lock at `key`; takes over an expired lock. */
export async function acquireLock(store: StateStore, key: string, options: AcquireOptions): Promise<AcquireResult> {
  const now = options.now ?? Date.now;
  const record: LockRecord = {
    owner: options.owner,
    info: options.info ?? {},
    ...(options.ttlMs === undefined ? {} : { expiresAt: new Date(now() + options.ttlMs).toISOString() }),
  };
  if (await store.create(key, encodeJson(record))) return { acquired: true };
  const holder = await readLock(store, key);
  if (holder === undefined) {
    // Released between our create and our read: one more try.
    return (await store.create(key, encodeJson(record))) ? { acquired: true } : { acquired: false, holder: await readLock(store, key) };
  }
  if (holder.expiresAt !== undefined && Date.parse(holder.expiresAt) < now()) {
    // Take-over of an expired lock: delete it, then compete with create like everyone else.
    await store.delete(key);
    if (await store.create(key, encodeJson(record))) return { acquired: true };
    return { acquired: false, holder: await readLock(store, key) };
  }
  return { acquired: false, holder };
}

/** Reads the lock at `key`, if any. */
export async function readLock(store: StateStore, key: string): Promise<LockRecord | undefined> {
  const body = await store.get(key);
  return body === undefined ? undefined : decodeJson<LockRecord>(body);
}

/** Releases the lock when `owner` holds it. @returns whether it was released. */
export async function releaseLock(store: StateStore, key: string, owner: string): Promise<boolean> {
  const holder = await readLock(store, key);
  if (holder === undefined || holder.owner !== owner) return false;
  return store.delete(key);
}

/** Removes a lock whoever holds it (the holder is known dead). @returns whether one existed. */
export async function breakLock(store: StateStore, key: string): Promise<boolean> {
  return store.delete(key);
}
