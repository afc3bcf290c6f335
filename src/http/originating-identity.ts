import type { Context, MiddlewareHandler } from "hono";
import type { OriginatingIdentity } from "../domain/request-meta.js";
import { osbError } from "./osb-response.js";
import type { OsbEnv } from "./types.js";
import { requestHeader } from "./request-header.js";

/** The header naming the platform user behind a request. */
export const ORIGINATING_IDENTITY_HEADER = "X-Broker-API-Originating-Identity";

/** Result of parsing the header: the identity, or why it is malformed. */
export type OriginatingIdentityParse =
  | { readonly ok: true; readonly identity: OriginatingIdentity }
  | { readonly ok: false; readonly reason: string };

/** Parses `<platform> <base64 JSON object>` (standard or URL-safe base64, padding optional). */
export function parseOriginatingIdentity(header: string): OriginatingIdentityParse {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(header);
  if (!match) return { ok: false, reason: "expected '<platform> <base64-encoded JSON>'" };
  const [, platform, encoded] = match;
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) return { ok: false, reason: "value is not base64" };
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(encoded, "base64").toString("utf8"));
  } catch {
    return { ok: false, reason: "value is not base64-encoded JSON" };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, reason: "value must encode a JSON object" };
  }
  return { ok: true, identity: { platform, value: value as Record<string, unknown> } };
}

/**
 * The originating identity check on its own (src/http/envelope.ts): records the decoded header (or
 * undefined when absent) as `originatingIdentity`; a malformed header → the 400 to answer.
 */
export function checkOriginatingIdentity(c: Context<OsbEnv>): Response | undefined {
  const header = requestHeader(c, ORIGINATING_IDENTITY_HEADER);
  if (header === undefined || header.trim() === "") {
    c.set("originatingIdentity", undefined);
    return undefined;
  }
  const parsed = parseOriginatingIdentity(header);
  if (!parsed.ok) return osbError(c, 400, `malformed ${ORIGINATING_IDENTITY_HEADER} header: ${parsed.reason}`);
  c.set("originatingIdentity", parsed.identity);
  return undefined;
}

/** Decodes X-Broker-API-Originating-Identity when present; a malformed header → 400. */
export function originatingIdentity(): MiddlewareHandler<OsbEnv> {
  return async (c, next) => checkOriginatingIdentity(c) ?? next();
}
