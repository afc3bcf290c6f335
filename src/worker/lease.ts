import type { StateStore } from "../state/state-store.js";
import { encodeJson } from "../state/state-store.js";
import { acquireLock, readLock, releaseLock } from "../state/locks.js";

export interface LeaseOptions {
  readonly store: StateStore;
  readonly key: string;
  /** This broker process. */
  readonly owner: string;
  readonly ttlMs: number;
  /** Called when the lease was taken over from an expired holder (another broker, or this one's earlier process). */
  readonly onTakeover?: () => void;
}

/** A held lease; MUST be released when the work ends. */
export interface Lease {
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
  let result = await acquireLock(store, key, { owner, info, ttlMs });
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
    onLost: (listener) => void listeners.push(listener),
    async release() {
      clearInterval(timer);
      if (!lost) await releaseLock(store, key, owner);
    },
  };
}
