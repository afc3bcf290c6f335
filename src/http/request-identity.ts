import type { MiddlewareHandler } from "hono";
import type { OsbEnv } from "./types.js";
import { requestHeader } from "./request-header.js";

/** The header a platform uses to correlate a request with the broker's response. */
export const REQUEST_IDENTITY_HEADER = "X-Broker-API-Request-Identity";

/**
 * Records X-Broker-API-Request-Identity and echoes it on the response — every response, errors
 * included, so this middleware MUST run before auth and version checks.
 */
export function requestIdentity(): MiddlewareHandler<OsbEnv> {
  return async (c, next) => {
    const id = requestHeader(c, REQUEST_IDENTITY_HEADER);
    const value = id === undefined || id === "" ? undefined : id;
    c.set("requestIdentity", value);
    await next();
    if (value !== undefined) c.header(REQUEST_IDENTITY_HEADER, value);
  };
}
