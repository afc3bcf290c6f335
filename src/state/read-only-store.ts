import type { StateStore } from "./state-store.js";

/** Thrown by a write to a {@link readOnlyStore}. */
export class ReadOnlyStoreError extends Error {
  override name = "ReadOnlyStoreError";
}

/**
 * A view of a store that can only be read: `put`, `create` and `delete` throw. The dry-run serves
 * terraform's state backend over it, so a plan provably writes nothing (a POST of a state would fail).
 */
export function readOnlyStore(store: StateStore): StateStore {
  const refuse = (what: string, key: string) =>
    Promise.reject(new ReadOnlyStoreError(`the dry-run's store is read-only (${what} ${key})`));
  return {
    description: `${store.description} (read-only)`,
    get: (key) => store.get(key),
    list: (prefix) => store.list(prefix),
    put: (key) => refuse("put", key),
    create: (key) => refuse("create", key),
    delete: (key) => refuse("delete", key),
  };
}
