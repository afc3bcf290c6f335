import type { BrokerMetrics } from "../domain/metrics.js";
import type { StateStore } from "./state-store.js";

/** The store with every request's latency and failure recorded in `metrics` (`storeRequest`). */
export function measuredStore(store: StateStore, metrics: BrokerMetrics): StateStore {
  const timed = async <T>(method: string, call: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      const result = await call();
      metrics.storeRequest(method, (performance.now() - start) / 1000, false);
      return result;
    } catch (error) {
      metrics.storeRequest(method, (performance.now() - start) / 1000, true);
      throw error;
    }
  };
  return {
    description: store.description,
    get: (key) => timed("get", () => store.get(key)),
    put: (key, body) => timed("put", () => store.put(key, body)),
    create: (key, body) => timed("create", () => store.create(key, body)),
    delete: (key) => timed("delete", () => store.delete(key)),
    list: (prefix) => timed("list", () => store.list(prefix)),
  };
}
