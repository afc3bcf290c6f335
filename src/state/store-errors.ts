/**
 * The store could not be reached, or answered that it cannot serve now (connection refused or lost,
 * timeouts, 5xx after the retries): nothing is known about the object. MUST never be read as "no
 * such object": the broker answers 503 with Retry-After (broker/store-outage.ts), the worker retries.
 */
export class StoreUnavailableError extends Error {
  constructor(
    message: string,
    /** The store's HTTP status when it answered, e.g. 503. */
    readonly status?: number,
  ) {
    super(message);
    this.name = "StoreUnavailableError";
  }
}

/** Whether `error` means the store is unreachable (see {@link StoreUnavailableError}). */
export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return error instanceof StoreUnavailableError;
}
