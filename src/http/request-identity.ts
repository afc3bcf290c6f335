import type { Context, MiddlewareHandler } from "hono";
import type { OsbEnv } from "./types.js";
import { requestHeader } from "./request-header.js";

/** The header a platform uses to correlate a request with the broker's response. */
export const REQUEST_IDENTITY_HEADER = "X-Broker-API-Request-Identity";

/**
 * Records X-Broker-API-Request-Identity and echoes it on the response — every response, errors
 * included, so this middleware MUST run before auth and version checks.
 */
/** Reads the request's identity header (absent or empty: none) and keeps it as `requestIdentity`. */
export function takeRequestIdentity(c: Context<OsbEnv>): string | undefined {
  const id = requestHeader(c, REQUEST_IDENTITY_HEADER);
  const value = id === undefined || id === "" ? undefined : id;
  c.set("requestIdentity", value);
  return value;
}

export function requestIdentity(): MiddlewareHandler<OsbEnv> {
  return async (c, next) => {
    const value = takeRequestIdentity(c);
    await next();
    if (value !== undefined) c.header(REQUEST_IDENTITY_HEADER, value);
  };
}
