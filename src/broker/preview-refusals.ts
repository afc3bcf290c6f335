import { PreviewPoolFullError, PreviewTimeoutError } from "../workspace/preview-pool.js";
import { BrokerError } from "../domain/errors.js";

/** Retry-After (seconds) the preview route sends with a 429. */
export const PREVIEW_RETRY_AFTER_SECONDS = 5;

/**
 * The broker's answer when the preview pool refuses a plan or a plan runs out of time
 * (src/workspace/preview-pool.ts); undefined for any other error.
 * - the update's destructive-change check (PATCH): full pool → 503 (the broker is busy, nothing
 *   changed: retry); timeout → 422 "terraform could not plan this update: ..." like any failed plan;
 * - `POST /x-preview`: full pool → 429 (with Retry-After, as before the pool); timeout → 422
 *   "terraform could not plan this request: ...".
 */
export function previewRefusal(error: unknown, what: "update" | "request"): BrokerError | undefined {
  if (error instanceof PreviewPoolFullError) {
    return what === "update"
      ? new BrokerError(
          503,
          `the broker is busy: ${plans(error.running)} running (PREVIEW_CONCURRENCY: updates' destructive-change checks and previews); ` +
            "nothing was changed, retry later",
        )
      : new BrokerError(429, error.message);
  }
  if (error instanceof PreviewTimeoutError) {
    const after = what === "update" ? "; nothing was changed, retry later" : "";
    return new BrokerError(422, `terraform could not plan this ${what}: ${error.message}${after}`);
  }
  return undefined;
}

const plans = (n: number) => `${n} ${n === 1 ? "plan is" : "plans are"}`;
