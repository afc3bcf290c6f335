import type { Context, ErrorHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { BrokerError } from "../domain/errors.js";
import { ServiceUnavailableError } from "../domain/unavailable.js";
import { osbError } from "./osb-response.js";
import type { OsbLogger } from "./types.js";

/**
 * Maps a thrown error to the OSB response: a `BrokerError` becomes its status with
 * `{ error?, description }` (or `{}` when `emptyBody`), with Retry-After on a 503
 * `ServiceUnavailableError`; anything else is a 500 whose body says only
 * "internal error" — the message and stack go to the log, never to the platform.
 */
export function createOsbErrorHandler(logger: OsbLogger): ErrorHandler {
  return (err: Error, c: Context) => {
    if (err instanceof BrokerError) {
      const status = err.status as ContentfulStatusCode;
      // debug: the request log line (info) already has the status; one info line per request.
      logger.debug({ method: c.req.method, path: c.req.path, status, code: err.code }, "request refused");
      if (err instanceof ServiceUnavailableError) c.header("Retry-After", String(err.retryAfterSeconds));
      if (err.emptyBody) return c.json({}, status);
      return osbError(c, status, err.description, err.code);
    }
    logger.error(
      { method: c.req.method, path: c.req.path, err: { name: err.name, message: err.message, stack: err.stack } },
      "unexpected error handling OSB request",
    );
    return osbError(c, 500, "internal error");
  };
}
