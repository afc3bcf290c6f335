import { ServiceUnavailableError } from "../domain/unavailable.js";
import { isStoreUnavailable } from "../state/store-errors.js";

/** Seconds a platform is asked to wait before sending a request refused by a store outage again. */
export const STORE_OUTAGE_RETRY_AFTER_SECONDS = 10;

/**
 * Runs an endpoint function; a store outage ({@link isStoreUnavailable}) becomes a 503 with
 * Retry-After. MUST: an unreachable store is never answered as a missing instance or binding
 * (404/410), which a platform may take for a deletion.
 */
export async function refusingOnStoreOutage<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isStoreUnavailable(error)) {
      throw new ServiceUnavailableError(
        "the broker's state store is unreachable; nothing was changed, try again later",
        STORE_OUTAGE_RETRY_AFTER_SECONDS,
      );
    }
    throw error;
  }
}
