import type { StateStore } from "../src/state/state-store.js";

/** Calls and time spent per store method, for a benchmark's table. */
export interface StoreCounts {
  readonly calls: Record<string, number>;
  readonly ms: Record<string, number>;
}

/** A store that counts its calls and the time spent in each method (sequential time, summed). */
export function countingStore(store: StateStore): StateStore & { take(): StoreCounts } {
  let counts: StoreCounts = { calls: {}, ms: {} };
  const wrap =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      try {
        return await fn(...args);
      } finally {
        counts.calls[name] = (counts.calls[name] ?? 0) + 1;
        counts.ms[name] = (counts.ms[name] ?? 0) + performance.now() - started;
      }
    };
  return {
    description: store.description,
    get: wrap("get", (key: string) => store.get(key)),
    put: wrap("put", (key: string, body: Uint8Array) => store.put(key, body)),
    create: wrap("create", (key: string, body: Uint8Array) => store.create(key, body)),
    delete: wrap("delete", (key: string) => store.delete(key)),
    list: wrap("list", (prefix: string) => store.list(prefix)),
    /** The counts since the last call, and starts counting anew. */
    take() {
      const taken = counts;
      counts = { calls: {}, ms: {} };
      return taken;
    },
  };
}
