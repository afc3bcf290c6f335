import type { MiddlewareHandler } from "hono";
import { osbError } from "./osb-response.js";
import type { OsbEnv } from "./types.js";
import { requestHeader } from "./request-header.js";

/** The header carrying the OSB API version the platform speaks. */
export const API_VERSION_HEADER = "X-Broker-API-Version";
/** Oldest and newest accepted minor versions of OSB API 2.x. */
export const MIN_API_MINOR = 13;
export const MAX_API_MINOR = 17;

/** True when `version` is `2.<minor>` with minor in 2.13..2.17. */
export function isSupportedApiVersion(version: string): boolean {
  const match = /^2\.([1-9]\d*)$/.exec(version);
  if (!match) return false;
  const minor = Number(match[1]);
  return minor >= MIN_API_MINOR && minor <= MAX_API_MINOR;
}

/**
 * Requires X-Broker-API-Version within 2.13..2.17; missing, empty or unsupported → 412 with a
 * description naming the accepted range.
 */
export function apiVersion(): MiddlewareHandler<OsbEnv> {
  const range = `2.${MIN_API_MINOR} to 2.${MAX_API_MINOR}`;
  return async (c, next) => {
    const version = (requestHeader(c, API_VERSION_HEADER) ?? "").trim();
    if (version === "") {
      return osbError(c, 412, `missing ${API_VERSION_HEADER} header; this broker supports OSB API versions ${range}`);
    }
    if (!isSupportedApiVersion(version)) {
      const shown = version.length > 20 ? `${version.slice(0, 20)}...` : version;
      return osbError(
        c,
        412,
        `unsupported ${API_VERSION_HEADER} ${JSON.stringify(shown)}; this broker supports OSB API versions ${range}`,
      );
    }
    c.set("apiVersion", version);
    return next();
  };
}
