import { keys, type StateRef } from "./keys.js";
import { acquireLock, readLock, releaseLock, releaseLockOrHolder } from "./locks.js";
import type { StateStore } from "./state-store.js";

export type { StateRef } from "./keys.js";

/** Terraform's lock info (`ID`, `Operation`, `Who`, ...), as the http backend's LOCK body carries it. */
export type TerraformLockInfo = Readonly<Record<string, unknown>>;

/**
 * Each stack's terraform state and its lock, by stack (an instance or one of its bindings): what
 * terraform's http backend (src/http/state-backend.ts) serves, without knowing the key layout
 * (keys.ts) or the lock objects (locks.ts: create-only, released only by their holder).
 */
export interface TerraformStates {
  /** The stack's state, or undefined when it has none yet. */
  read(ref: StateRef): Promise<Uint8Array | undefined>;
  write(ref: StateRef, state: Uint8Array): Promise<void>;
  remove(ref: StateRef): Promise<void>;
  /** Takes the stack's lock for the holder `id` (terraform's lock ID); when held, the holder's info. */
  lock(
    ref: StateRef,
    id: string,
    info: TerraformLockInfo,
  ): Promise<{ readonly acquired: boolean; readonly holder?: TerraformLockInfo }>;
  /** The lock holder's info, or undefined when the stack is not locked. */
  holder(ref: StateRef): Promise<TerraformLockInfo | undefined>;
  /** Releases the lock when `id` holds it. @returns whether it was released. */
  unlock(ref: StateRef, id: string): Promise<boolean>;
  /**
   * {@link unlock} with one read of the lock: whether `id`'s lock was released, and otherwise the
   * holder's info (undefined: the stack was not locked).
   */
  unlockOrHolder(
    ref: StateRef,
    id: string,
  ): Promise<{ readonly released: boolean; readonly holder?: TerraformLockInfo | undefined }>;
}

/** The terraform states kept in `store` (instances/<id>[/bindings/<bid>]/tfstate and tfstate.lock). */
export function createTerraformStates(store: StateStore): TerraformStates {
  return {
    read: (ref) => store.get(keys.tfstate(ref)),
    write: (ref, state) => store.put(keys.tfstate(ref), state),
    remove: async (ref) => {
      await store.delete(keys.tfstate(ref));
    },
    async lock(ref, id, info) {
      const result = await acquireLock(store, keys.tfstateLock(ref), { owner: id, info });
      return result.acquired ? { acquired: true } : { acquired: false, holder: result.holder?.info };
    },
    holder: async (ref) => (await readLock(store, keys.tfstateLock(ref)))?.info,
    unlock: (ref, id) => releaseLock(store, keys.tfstateLock(ref), id),
    async unlockOrHolder(ref, id) {
      const result = await releaseLockOrHolder(store, keys.tfstateLock(ref), id);
      return { released: result.released, holder: result.holder?.info };
    },
  };
}
