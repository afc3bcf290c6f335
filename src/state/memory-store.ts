import type { StateStore } from "./state-store.js";
import { assertStoreKey } from "./keys.js";

/** A StateStore in a Map: the test double, and the reference behaviour for every other store. */
export function createMemoryStore(): StateStore & { readonly objects: Map<string, Uint8Array> } {
  const objects = new Map<string, Uint8Array>();
  return {
    description: "memory",
    objects,
    async get(key) {
      const body = objects.get(assertStoreKey(key));
      return body === undefined ? undefined : new Uint8Array(body);
    },
    async put(key, body) {
      objects.set(assertStoreKey(key), new Uint8Array(body));
    },
    async create(key, body) {
      if (objects.has(assertStoreKey(key))) return false;
      objects.set(key, new Uint8Array(body));
      return true;
    },
    async delete(key) {
      return objects.delete(assertStoreKey(key));
    },
    async list(prefix) {
      return [...objects.keys()].filter((key) => key.startsWith(prefix)).sort();
    },
  };
}
