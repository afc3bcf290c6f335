import { Gauge, type Registry } from "prom-client";
import { countExpiredBindings } from "../broker/expired-bindings.js";
import { type DriftCounts, countDrift } from "../state/drift-records.js";
import type { Records } from "../state/records.js";
import { createCachedValue } from "./cached-value.js";

/** What the store-wide gauges show: one walk over the records. */
export interface StoreCounts {
  /** Bindings whose credential expired and that no platform unbound. */
  readonly expiredBindings: number;
  /** The live instances by the status of their last drift check. */
  readonly drift: DriftCounts;
}

/** Options of {@link registerStoreGauges}. */
export interface StoreGaugesOptions {
  /** Counts the store (default-wired by {@link readStoreCounts}). */
  readonly read: () => Promise<StoreCounts>;
  /** How often at most the store is read, however often /metrics is scraped. Default {@link STORE_GAUGES_MAX_AGE_MS}. */
  readonly maxAgeMs?: number;
  /** A count failed: the gauges keep their last values. */
  readonly onError?: (error: unknown) => void;
  /** The clock (tests). */
  readonly now?: () => number;
}

/** The store-wide gauges are recomputed at most once a minute (docs/deploy.md, "Metrics"). */
export const STORE_GAUGES_MAX_AGE_MS = 60_000;

/** Counts the records: expired bindings not unbound, and drift results of the live instances. */
export async function readStoreCounts(records: Records): Promise<StoreCounts> {
  return { expiredBindings: await countExpiredBindings(records), drift: await countDrift(records) };
}

const DRIFT_STATUSES = ["in_sync", "drifted", "error", "unchecked"] as const;

/**
 * `openstack_broker_expired_bindings` and `openstack_broker_instances_drift{status}` in `registry`.
 * MUST NOT read the store per scrape: both read one cached count (a big Swift store is a walk over
 * every instance and binding), refreshed in the background once it is older than `maxAgeMs`.
 */
export function registerStoreGauges(registry: Registry, options: StoreGaugesOptions): void {
  const counts = createCachedValue({
    read: options.read,
    maxAgeMs: options.maxAgeMs ?? STORE_GAUGES_MAX_AGE_MS,
    onError: options.onError,
    now: options.now,
  });
  new Gauge({
    name: "openstack_broker_expired_bindings",
    help: "Bindings whose credential expired and that are not unbound (openstack-broker bindings --expired; at most a minute old)",
    registers: [registry],
    async collect() {
      const value = await counts.get();
      if (value !== undefined) this.set(value.expiredBindings);
    },
  });
  new Gauge({
    name: "openstack_broker_instances_drift",
    help: "Live instances by the status of their last drift check (unchecked: never checked; at most a minute old)",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      const value = await counts.get();
      if (value !== undefined) for (const status of DRIFT_STATUSES) this.set({ status }, value.drift[status]);
    },
  });
}
