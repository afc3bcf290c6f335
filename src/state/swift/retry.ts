/** How to retry requests that failed for a reason that may pass (5xx, connection errors). */
export interface RetryPolicy {
  /** Attempts in all, the first included; default 10. */
  readonly attempts: number;
  /** Delay before the first retry; doubled each time; default 100 ms. */
  readonly baseDelayMs: number;
  /** Upper bound of one delay; default 3 s. */
  readonly maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 10, baseDelayMs: 100, maxDelayMs: 3000 };

const RETRYABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
]);

/** Whether an HTTP status is worth retrying (server-side trouble, overload). */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** Whether a thrown error is a connection-level failure worth retrying. */
export function isRetryableError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && RETRYABLE_CODES.has(code)) return true;
  return error instanceof Error && /socket hang up/i.test(error.message);
}

/** The delay before retry number `retry` (1-based): exponential with ±20 % jitter, capped. */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
