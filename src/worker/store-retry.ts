import { isStoreUnavailable } from "../state/store-errors.js";

/** How long and how often the worker retries a store call that found the store unreachable. */
export interface StoreRetryPolicy {
  /** Give up after this long (ms); MUST be longer than the lease TTL (worker.ts sets 3 × the TTL). */
  readonly forMs: number;
  /** First delay (ms), doubled each time. Default 200. */
  readonly baseDelayMs?: number;
  /** Upper bound of one delay (ms). Default 5000. */
  readonly maxDelayMs?: number;
}

/** Options of one retried call. */
export interface StoreRetryOptions extends StoreRetryPolicy {
  /** Checked before each retry: true stops retrying (the lease was lost, another broker runs it). */
  readonly stop?: () => boolean;
  /** Told about each failed attempt (for a warning in the log). */
  readonly onRetry?: (error: unknown, attempt: number) => void;
}

/**
 * Runs `call`, and again with exponential backoff while it fails because the store is unreachable
 * (`StoreUnavailableError`), for at most `forMs`. Any other error, or the last one, is thrown.
 */
export async function retryWhileStoreUnavailable<T>(call: () => Promise<T>, options: StoreRetryOptions): Promise<T> {
  const deadline = Date.now() + options.forMs;
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 5000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const delay = Math.min(max, base * 2 ** (attempt - 1));
      if (!isStoreUnavailable(error) || Date.now() + delay > deadline || options.stop?.()) throw error;
      options.onRetry?.(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * `target` with every method retried by {@link retryWhileStoreUnavailable} (the jobs' records: a
 * provision whose terraform applied is not failed by an outage while its record is written).
 */
export function withStoreRetries<T extends object>(target: T, policy: StoreRetryPolicy): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(target)) {
    wrapped[name] =
      typeof value === "function"
        ? (...args: unknown[]) => retryWhileStoreUnavailable(() => value.apply(target, args), policy)
        : value;
  }
  return wrapped as T;
}
