import type { Context } from "hono";
import type { RequestMeta } from "../domain/request-meta.js";
import { acceptsIncomplete, type Fields } from "./request-fields.js";
import type { OsbEnv } from "./types.js";

/**
 * The RequestMeta for the broker: what the envelope middleware recorded (version, identities) plus
 * `accepts_incomplete` from the query (400 when it is neither true nor false). `query`: the request's,
 * when the caller has it parsed already (hono parses the URL again on every `c.req.query()`).
 */
export function requestMeta(c: Context<OsbEnv>, query: Fields = c.req.query()): RequestMeta {
  const meta: { -readonly [K in keyof RequestMeta]: RequestMeta[K] } = {
    apiVersion: c.get("apiVersion"),
    acceptsIncomplete: acceptsIncomplete(query),
  };
  const originating = c.get("originatingIdentity");
  if (originating) meta.originatingIdentity = originating;
  const requestIdentity = c.get("requestIdentity");
  if (requestIdentity !== undefined) meta.requestIdentity = requestIdentity;
  return meta;
}
