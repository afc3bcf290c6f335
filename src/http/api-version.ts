import type { Context, MiddlewareHandler } from "hono";
import { osbError } from "./osb-response.js";
import type { OsbEnv } from "./types.js";
import { requestHeader } from "./request-header.js";

/** The header carrying the OSB API version the platform speaks. */
export const API_VERSION_HEADER = "X-Broker-API-Version";
/** Oldest and newest accepted minor versions of OSB API 2.x. */
export const MIN_API_MINOR = 13;
export const MAX_API_MINOR = 17;

/** Every accepted spelling: `2.<minor>`, no leading zero, so exactly these strings. */
const SUPPORTED = new Set(
  Array.from({ length: MAX_API_MINOR - MIN_API_MINOR + 1 }, (_, i) => `2.${MIN_API_MINOR + i}`),
);

/** True when `version` is `2.<minor>` with minor in 2.13..2.17. */
export function isSupportedApiVersion(version: string): boolean {
  if (SUPPORTED.has(version)) return true;
  const match = /^2\.([1-9]\d*)$/.exec(version);
  if (!match) return false;
  const minor = Number(match[1]);
  return minor >= MIN_API_MINOR && minor <= MAX_API_MINOR;
}

const RANGE = `2.${MIN_API_MINOR} to 2.${MAX_API_MINOR}`;

/**
 * The API version check on its own (src/http/envelope.ts runs it in one pass with the others):
 * undefined when X-Broker-API-Version is within 2.13..2.17 (recorded as `apiVersion`), else the 412.
 */
export function checkApiVersion(c: Context<OsbEnv>): Response | undefined {
  const version = (requestHeader(c, API_VERSION_HEADER) ?? "").trim();
  if (version === "") {
    return osbError(c, 412, `missing ${API_VERSION_HEADER} header; this broker supports OSB API versions ${RANGE}`);
  }
  if (!isSupportedApiVersion(version)) {
    const shown = version.length > 20 ? `${version.slice(0, 20)}...` : version;
    return osbError(
      c,
      412,
      `unsupported ${API_VERSION_HEADER} ${JSON.stringify(shown)}; this broker supports OSB API versions ${RANGE}`,
    );
  }
  c.set("apiVersion", version);
  return undefined;
}

/**
 * Requires X-Broker-API-Version within 2.13..2.17; missing, empty or unsupported → 412 with a
 * description naming the accepted range.
 */
export function apiVersion(): MiddlewareHandler<OsbEnv> {
  return async (c, next) => checkApiVersion(c) ?? next();
}
