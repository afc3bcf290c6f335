import type { HttpClient, HttpResponse } from "./http-client.js";
import type { KeystoneSession } from "./keystone-session.js";
import {
  backoffDelay,
  defaultRetryPolicy,
  isRetryableError,
  isRetryableStatus,
  type RetryPolicy,
  sleep,
} from "./retry.js";
import { StoreUnavailableError } from "../store-errors.js";

/** A Swift answer, and whether an earlier attempt of the same request may have taken effect. */
export interface SwiftResponse extends HttpResponse {
  /** True when an earlier attempt failed without a clear answer (connection lost, 5xx). */
  readonly uncertain: boolean;
}

export interface SwiftRequest {
  readonly method: "GET" | "HEAD" | "PUT" | "DELETE";
  /** Path under the account URL, already URL-encoded, e.g. `/container/a/b`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
}

/** Authenticated Swift requests with re-authentication on 401 and retries with backoff. */
export type SwiftClient = (request: SwiftRequest) => Promise<SwiftResponse>;

/** Raised when Swift answers with a status the caller did not expect, or cannot be reached. */
export class SwiftError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "SwiftError";
  }
}

export interface SwiftClientOptions {
  readonly session: KeystoneSession;
  readonly http: HttpClient;
  readonly retry?: RetryPolicy;
  /** Called before each retry, for logs (never with secrets). */
  readonly onRetry?: (info: {
    readonly method: string;
    readonly path: string;
    readonly attempt: number;
    readonly reason: string;
  }) => void;
}

/**
 * Creates a Swift client. Rules:
 * - A 401 makes the session forget the token; the request is sent again once with a fresh one.
 * - 5xx, 408, 429 and connection errors are retried with exponential backoff (`retry.attempts` in all).
 * - Every other status is returned to the caller, which decides what it means.
 */
export function createSwiftClient(options: SwiftClientOptions): SwiftClient {
  const policy = options.retry ?? defaultRetryPolicy;
  return async (request) => {
    const query = request.query === undefined ? "" : `?${new URLSearchParams(request.query).toString()}`;
    let uncertain = false;
    let reauthenticated = false;
    for (let attempt = 1; ; attempt++) {
      const access = await options.session.access();
      let reason: string;
      try {
        const response = await options.http({
          method: request.method,
          url: `${access.storageUrl}${request.path}${query}`,
          headers: { ...request.headers, "x-auth-token": access.token },
          body: request.body,
        });
        if (response.status === 401 && !reauthenticated) {
          options.session.invalidate(access);
          reauthenticated = true;
          attempt--;
          continue;
        }
        if (!isRetryableStatus(response.status) || attempt >= policy.attempts) return { ...response, uncertain };
        reason = `HTTP ${response.status}`;
      } catch (error) {
        if (!isRetryableError(error) || attempt >= policy.attempts) {
          const message = `${request.method} ${request.path}: Swift unreachable after ${attempt} attempt(s): ${(error as Error).message}`;
          // Retries exhausted on a connection failure: the store is out (not "no such object").
          throw isRetryableError(error) ? new StoreUnavailableError(message) : new SwiftError(message);
        }
        reason = (error as { code?: string }).code ?? (error as Error).message;
      }
      if (request.method !== "GET" && request.method !== "HEAD") uncertain = true;
      options.onRetry?.({ method: request.method, path: request.path, attempt, reason });
      await sleep(backoffDelay(policy, attempt));
    }
  };
}
