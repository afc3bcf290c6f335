import type { DriftRecords, DriftResult } from "./drift-records.js";

/** Options of {@link createCachedDriftRecords}. */
export interface CachedDriftRecordsOptions {
  /**
   * How old a remembered result may be before it is read again. Default 1,000 ms: a result another
   * process wrote (`openstack-broker drift`) is seen at most this much later.
   */
  readonly maxAgeMs?: number;
  /** Results remembered at most (the oldest read dropped first). Default 20,000. */
  readonly maxEntries?: number;
  /** Clock, for tests. Default `performance.now`. */
  readonly now?: () => number;
}

/**
 * Drift results with each instance's last read kept for `maxAgeMs`, so that GET instance, which
 * returns the result as `metadata.attributes.drift`, does not read the store on every request (a
 * platform may fetch an instance many times a second). A drift result is a snapshot with its own
 * `checked_at`, refreshed every DRIFT_INTERVAL: a second's delay changes nothing a reader can rely on.
 * MUST: a put through this object is seen by its next get at once; a failed read is not remembered.
 */
export function createCachedDriftRecords(inner: DriftRecords, options: CachedDriftRecordsOptions = {}): DriftRecords {
  const maxAgeMs = options.maxAgeMs ?? 1_000;
  const maxEntries = Math.max(1, options.maxEntries ?? 20_000);
  const now = options.now ?? (() => performance.now());
  const remembered = new Map<string, { readonly value: DriftResult | undefined; readonly at: number }>();
  const remember = (instanceId: string, value: DriftResult | undefined) => {
    remembered.delete(instanceId);
    remembered.set(instanceId, { value: value === undefined ? value : Object.freeze(value), at: now() });
    if (remembered.size > maxEntries) remembered.delete(remembered.keys().next().value as string);
  };
  return {
    async get(instanceId) {
      const hit = remembered.get(instanceId);
      if (hit !== undefined && now() - hit.at < maxAgeMs) return hit.value;
      const value = await inner.get(instanceId);
      remember(instanceId, value);
      return value;
    },
    async put(instanceId, result) {
      remembered.delete(instanceId);
      await inner.put(instanceId, result);
      remember(instanceId, result);
    },
    counts: (instanceIds) => inner.counts(instanceIds),
  };
}
