import type { StateStore } from "../state/state-store.js";
import { encodeJson } from "../state/state-store.js";
import { type AcquireResult, acquireLock, type LockRecord, readLock, releaseLock } from "../state/locks.js";

export interface LeaseOptions {
  readonly store: StateStore;
  readonly key: string;
  /** This broker process. */
  readonly owner: string;
  readonly ttlMs: number;
  /** Called when the lease was taken over from an expired holder (another broker, or this one's earlier process). */
  readonly onTakeover?: () => void;
  /**
   * The operation is new and not yet written: no other process can know `key`, so the lease is
   * written with a plain `put` (one round trip) instead of the create-only write, whose settle wait
   * and check only guard against racing creators (docs/state.md). MUST be set only before the
   * operation's record is written (the resume scan finds an operation by its record).
   */
  readonly fresh?: boolean;
}

/** A held lease; MUST be released when the work ends. */
export interface Lease {
  /** Written before its operation existed ({@link LeaseOptions.fresh}): no earlier run of it can have left anything. */
  readonly fresh: boolean;
  /** Registers what to do if a renewal finds the lease taken over (this broker was presumed dead): stop the work. */
  onLost(listener: () => void): void;
  release(): Promise<void>;
}

/**
 * Takes the lease on an operation: only the broker holding it runs the operation. The holder renews it
 * every ttl/3; a lease not renewed for `ttlMs` (its broker died) may be taken over by another broker.
 * A lease left by an earlier process of this same broker id is taken over at once.
 * @returns the lease, or undefined when a live broker holds it.
 */
export async function takeLease(options: LeaseOptions): Promise<Lease | undefined> {
  const { store, key, owner, ttlMs } = options;
  const info = { broker: owner, pid: process.pid };
  const fresh = options.fresh === true;
  if (fresh) {
    const record: LockRecord = { owner, info, expiresAt: new Date(Date.now() + ttlMs).toISOString() };
    await store.put(key, encodeJson(record));
  }
  let result: AcquireResult = fresh ? { acquired: true } : await acquireLock(store, key, { owner, info, ttlMs });
  let tookOver = result.acquired && result.takenOver === true;
  if (!result.acquired && result.holder?.owner === owner) {
    // Ours from a previous incarnation (same BROKER_ID, this process just started it): take it back.
    await store.delete(key);
    result = await acquireLock(store, key, { owner, info, ttlMs });
    tookOver = result.acquired;
  }
  if (!result.acquired) return undefined;
  if (tookOver) options.onTakeover?.();
  let lost = false;
  const listeners: (() => void)[] = [];
  const renew = async () => {
    if (lost) return;
    const holder = await readLock(store, key);
    if (holder?.owner !== owner) {
      // Taken over after an expiry: another broker runs this operation now. MUST stop writing.
      lost = true;
      clearInterval(timer);
      for (const listener of listeners) listener();
      return;
    }
    await store.put(key, encodeJson({ ...holder, expiresAt: new Date(Date.now() + ttlMs).toISOString() }));
  };
  const timer = setInterval(() => void renew().catch(() => undefined), Math.max(50, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    fresh,
    onLost: (listener) => void listeners.push(listener),
    async release() {
      clearInterval(timer);
      if (!lost) await releaseLock(store, key, owner);
    },
  };
}
