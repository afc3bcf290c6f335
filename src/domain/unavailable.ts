import { BrokerError } from "./errors.js";

/**
 * 503 with Retry-After: the broker cannot answer now (its store is unreachable); nothing was created,
 * changed or lost, and the same request may be sent again after `retryAfterSeconds`.
 */
export class ServiceUnavailableError extends BrokerError {
  constructor(
    description: string,
    readonly retryAfterSeconds: number,
  ) {
    super(503, description);
    this.name = "ServiceUnavailableError";
  }
}
