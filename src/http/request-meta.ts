import type { Context } from "hono";
import type { RequestMeta } from "../domain/request-meta.js";
import { acceptsIncomplete } from "./request-fields.js";
import type { OsbEnv } from "./types.js";

/**
 * The RequestMeta for the broker: what the envelope middleware recorded (version, identities) plus
 * `accepts_incomplete` from the query (400 when it is neither true nor false).
 */
export function requestMeta(c: Context<OsbEnv>): RequestMeta {
  const meta: { -readonly [K in keyof RequestMeta]: RequestMeta[K] } = {
    apiVersion: c.get("apiVersion"),
    acceptsIncomplete: acceptsIncomplete(c.req.query()),
  };
  const originating = c.get("originatingIdentity");
  if (originating) meta.originatingIdentity = originating;
  const requestIdentity = c.get("requestIdentity");
  if (requestIdentity !== undefined) meta.requestIdentity = requestIdentity;
  return meta;
}
