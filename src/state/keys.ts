/**
 * The object layout, one place for every key the broker writes (docs/state.md explains it):
 *
 *   instances/<id>/record.json                      instance record
 *   instances/<id>/tfstate                          the instance stack's terraform state
 *   instances/<id>/tfstate.lock                     terraform's lock (http backend LOCK/UNLOCK)
 *   instances/<id>/operations/<op>.json             operation record
 *   instances/<id>/operations/<op>.log              operation log (terraform's -json stream, NDJSON)
 *   instances/<id>/operations/<op>.lease            lease of the broker running it (owner, expiry)
 *   instances/<id>/bindings/<bid>/record.json       binding record
 *   instances/<id>/bindings/<bid>/tfstate(.lock)    the binding stack's state and lock
 */

import { isSafeId } from "../domain/ids.js";

/** Throws unless `id` is usable as one key segment (OSB ids are platform-chosen strings; domain/ids.ts). */
export function assertSafeId(id: string, what = "id"): string {
  if (!isSafeId(id)) {
    throw new Error(`${what} must be 1-200 characters of [A-Za-z0-9._-]: ${JSON.stringify(id.slice(0, 60))}`);
  }
  return id;
}

/** Where a stack's terraform state lives: an instance or one of its bindings. */
export interface StateRef {
  readonly instanceId: string;
  readonly bindingId?: string;
}

export const keys = {
  instancePrefix: (instanceId: string) => `instances/${assertSafeId(instanceId)}/`,
  instance: (instanceId: string) => `instances/${assertSafeId(instanceId)}/record.json`,
  binding: (instanceId: string, bindingId: string) =>
    `instances/${assertSafeId(instanceId)}/bindings/${assertSafeId(bindingId)}/record.json`,
  operation: (instanceId: string, operationId: string) =>
    `instances/${assertSafeId(instanceId)}/operations/${assertSafeId(operationId)}.json`,
  operationLog: (instanceId: string, operationId: string) =>
    `instances/${assertSafeId(instanceId)}/operations/${assertSafeId(operationId)}.log`,
  /** The lease of the broker process running an operation (a lock object with owner and expiry). */
  operationLease: (instanceId: string, operationId: string) =>
    `instances/${assertSafeId(instanceId)}/operations/${assertSafeId(operationId)}.lease`,
  operationsPrefix: (instanceId: string) => `instances/${assertSafeId(instanceId)}/operations/`,
  tfstate: (ref: StateRef) => `${stackPrefix(ref)}tfstate`,
  tfstateLock: (ref: StateRef) => `${stackPrefix(ref)}tfstate.lock`,
} as const;

/**
 * Whether `key` is a lock object (a terraform state lock, an operation lease, a take-over claim of
 * locks.ts): it means something only while its holder process lives, so a store on one machine MAY
 * skip making it durable (a power loss ends every holder; the lock rules already handle a lock whose
 * holder died). Readers MUST still see it whole or not at all.
 */
export function isLockKey(key: string): boolean {
  return key.endsWith(".lock") || key.endsWith(".lease") || /\.takeover-[0-9a-f]+-\d+$/.test(key);
}

function stackPrefix(ref: StateRef): string {
  const base = `instances/${assertSafeId(ref.instanceId)}/`;
  return ref.bindingId === undefined ? base : `${base}bindings/${assertSafeId(ref.bindingId)}/`;
}

/**
 * Throws unless `key` is a storable object key: a relative `/`-separated path with no empty, `.` or
 * `..` segment, no backslash and no NUL. `a..b` is a valid segment (OSB ids may contain dots); only a
 * whole `..` segment could escape a directory or be normalized away in a URL. Every store checks keys
 * with this, so all of them accept and refuse the same keys.
 */
export function assertStoreKey(key: string): string {
  const bad =
    key === "" ||
    key.includes("\\") ||
    key.includes("\0") ||
    key.split("/").some((segment) => segment === "" || segment === "." || segment === "..");
  if (bad) throw new Error(`invalid key: ${JSON.stringify(key.slice(0, 200))}`);
  return key;
}
