/** Options of {@link createCachedValue}. */
export interface CachedValueOptions<T> {
  /** Computes the value (e.g. a walk over the state store). */
  readonly read: () => Promise<T>;
  /** How old a value may be before a {@link CachedValue.get} starts a new read. */
  readonly maxAgeMs: number;
  /** A read failed: the last value stays (default: ignored). */
  readonly onError?: (error: unknown) => void;
  /** The clock (tests). Default `Date.now`. */
  readonly now?: () => number;
}

/** A value computed at most once per `maxAgeMs`, however often it is asked for. */
export interface CachedValue<T> {
  /**
   * The value: the first call waits for the first read; later calls answer the last value at once
   * and, when it is older than `maxAgeMs`, start one read in the background (stale while it runs).
   * Undefined only while no read has ever succeeded.
   */
  get(): Promise<T | undefined>;
  /** Resolves when the read in flight, if any, has ended (tests). */
  settled(): Promise<void>;
}

/**
 * A cache for values too costly to compute on every request (the store-wide gauges of /metrics).
 * MUST NOT run two reads at once: a slow store never piles up reads behind a frequent scraper.
 */
export function createCachedValue<T>(options: CachedValueOptions<T>): CachedValue<T> {
  const now = options.now ?? Date.now;
  let value: T | undefined;
  let readAt: number | undefined;
  let inFlight: Promise<void> | undefined;
  const refresh = (): Promise<void> => {
    if (inFlight !== undefined) return inFlight;
    const started = now();
    inFlight = options
      .read()
      .then(
        (fresh) => {
          value = fresh;
          readAt = started;
        },
        (error: unknown) => {
          // A failed read counts as a read: the next one waits maxAgeMs too (no retry storm).
          readAt = started;
          options.onError?.(error);
        },
      )
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  return {
    async get() {
      if (readAt === undefined) await refresh();
      else if (now() - readAt >= options.maxAgeMs) void refresh();
      return value;
    },
    settled: () => inFlight ?? Promise.resolve(),
  };
}
