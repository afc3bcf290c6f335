import { createHash } from "node:crypto";
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
  | { readonly acquired: true /** An expired lock of another holder was replaced. */; readonly takenOver?: true }
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
    return (await store.create(key, encodeJson(record)))
      ? { acquired: true }
      : { acquired: false, holder: await readLock(store, key) };
  }
  if (holder.expiresAt !== undefined && Date.parse(holder.expiresAt) < now())
    return takeOver(store, key, holder, record, now).then((result) =>
      result.acquired ? { acquired: true, takenOver: true } : result,
    );
  return { acquired: false, holder };
}

/** How long a take-over claim blocks other take-overs of the same stale lock (its claimant may die). */
export const TAKEOVER_CLAIM_TTL_MS = 30_000;

/**
 * Take-over of an expired lock without compare-and-swap (docs/state.md, "Taking over a stale lock").
 * "Delete, then create" is wrong: a second taker's delete removes the first taker's fresh lock, and
 * both then hold it. Instead a taker MUST first win a claim object named after the stale lock
 * (`<key>.takeover-<hash of the stale record>-<n>`, create-only, so one winner per stale lock), then
 * re-read the lock and replace it only if it is still that stale record, then delete its claims.
 * A claim whose own expiry passed (its claimant died) is skipped by claiming `<n+1>`.
 */
async function takeOver(
  store: StateStore,
  key: string,
  stale: LockRecord,
  record: LockRecord,
  now: () => number,
): Promise<AcquireResult> {
  const staleJson = JSON.stringify(stale);
  const tag = createHash("sha256").update(staleJson).digest("hex").slice(0, 16);
  const claimKey = (n: number) => `${key}.takeover-${tag}-${n}`;
  const claim = encodeJson({
    owner: record.owner,
    expiresAt: new Date(now() + TAKEOVER_CLAIM_TTL_MS).toISOString(),
    info: {},
  });
  for (let n = 1; n <= 100; n++) {
    if (!(await store.create(claimKey(n), claim))) {
      const other = await readLock(store, claimKey(n));
      // Claim alive, or gone (its take-over finished): someone else is or was taking over.
      if (other === undefined || other.expiresAt === undefined || Date.parse(other.expiresAt) >= now()) break;
      continue; // its claimant died: claim the next generation
    }
    const current = await readLock(store, key);
    let acquired = false;
    if (current !== undefined && JSON.stringify(current) === staleJson) {
      await store.put(key, encodeJson(record));
      acquired = true;
    } else if (current === undefined) {
      acquired = await store.create(key, encodeJson(record));
    }
    for (let i = n; i >= 1; i--) await store.delete(claimKey(i));
    return acquired ? { acquired: true } : { acquired: false, holder: current ?? (await readLock(store, key)) };
  }
  return { acquired: false, holder: await readLock(store, key) };
}

/** Reads the lock at `key`, if any. */
export async function readLock(store: StateStore, key: string): Promise<LockRecord | undefined> {
  const body = await store.get(key);
  return body === undefined ? undefined : decodeJson<LockRecord>(body);
}

/** Releases the lock when `owner` holds it. @returns whether it was released. */
export async function releaseLock(store: StateStore, key: string, owner: string): Promise<boolean> {
  return (await releaseLockOrHolder(store, key, owner)).released;
}

/**
 * Releases the lock when `owner` holds it, with one read (read, compare `owner`, delete).
 * @returns whether it was released, and the holder that read found (undefined: the lock was free).
 */
export async function releaseLockOrHolder(
  store: StateStore,
  key: string,
  owner: string,
): Promise<{ readonly released: boolean; readonly holder: LockRecord | undefined }> {
  const holder = await readLock(store, key);
  if (holder === undefined || holder.owner !== owner) return { released: false, holder };
  return { released: await store.delete(key), holder };
}

/** Removes a lock whoever holds it (the holder is known dead). @returns whether one existed. */
export async function breakLock(store: StateStore, key: string): Promise<boolean> {
  return store.delete(key);
}
