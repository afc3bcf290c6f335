import type { Context, ErrorHandler, MiddlewareHandler, Next } from "hono";
import { apiVersion, checkApiVersion } from "./api-version.js";
import { type BasicAuthCredentials, basicAuth, createBasicAuthCheck } from "./basic-auth.js";
import { osbBodyLimit } from "./body-limit.js";
import { jsonContentType } from "./json-content-type.js";
import { checkOriginatingIdentity, originatingIdentity } from "./originating-identity.js";
import { createRequestLogWriter, requestLog } from "./request-log.js";
import { REQUEST_IDENTITY_HEADER, requestIdentity, takeRequestIdentity } from "./request-identity.js";
import type { OsbEnv, OsbLogger } from "./types.js";

/** Options of {@link osbEnvelope}. */
export interface OsbEnvelopeOptions {
  readonly credentials: BasicAuthCredentials;
  readonly logger: OsbLogger;
  /** Largest accepted request body in bytes (413 beyond). */
  readonly maxBodyBytes: number;
  /** The app's error handler: answers what a check throws, as hono does for each middleware. */
  readonly onError: ErrorHandler<OsbEnv>;
}

/** Methods without a request body: the body limit and the Content-Type check pass them untouched. */
const READS = new Set(["GET", "HEAD"]);

/**
 * A chain of middlewares run as hono's compose runs them: an Error one throws is answered by
 * `onError` at its own layer (so the outer ones still see a response), a returned Response is the
 * answer unless an inner layer already made one.
 */
function chain(layers: readonly MiddlewareHandler<OsbEnv>[], onError: ErrorHandler<OsbEnv>): MiddlewareHandler<OsbEnv> {
  return (c, next) => {
    const dispatch = async (i: number): Promise<void> => {
      if (i === layers.length) return void (await next());
      let res: Response | undefined;
      let isError = false;
      try {
        res = (await layers[i](c, () => dispatch(i + 1))) ?? undefined;
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        c.error = error;
        res = await onError(error, c);
        isError = true;
      }
      if (res && (c.finalized === false || isError)) c.res = res;
    };
    return dispatch(0);
  };
}

/**
 * The OSB envelope of every `/v2` request as ONE middleware, in this order: request identity (echoed
 * on every response), the request log line, body limit (413), Basic auth (401), X-Broker-API-Version
 * (412), originating identity (400), `application/json` bodies (415).
 *
 * A GET or HEAD (catalog, polls, fetches: nearly every request a platform sends) takes one pass:
 * the body limit and the Content-Type check do nothing for them, and the other checks run as plain
 * calls, not as seven hono layers with a promise and a closure each (most of the envelope's CPU at
 * 2,000 req/s). Any other method runs the layered middlewares, unchanged. MUST answer exactly as
 * the layered chain does (src/http/envelope-one-pass.test.ts compares them).
 */
export function osbEnvelope(options: OsbEnvelopeOptions): MiddlewareHandler<OsbEnv> {
  const { logger, onError } = options;
  const layered = chain(
    [
      requestIdentity(),
      requestLog(logger),
      osbBodyLimit(options.maxBodyBytes),
      basicAuth({ credentials: options.credentials, logger }),
      apiVersion(),
      originatingIdentity(),
      jsonContentType(),
    ],
    onError,
  );
  const auth = createBasicAuthCheck({ credentials: options.credentials, logger });
  const writeLog = createRequestLogWriter(logger);
  const checks = (c: Context<OsbEnv>): Response | undefined =>
    auth(c) ?? checkApiVersion(c) ?? checkOriginatingIdentity(c);

  return async (c: Context<OsbEnv>, next: Next) => {
    if (!READS.has(c.req.method)) return layered(c, next);
    const identity = takeRequestIdentity(c);
    const started = writeLog === undefined ? 0 : performance.now();
    let refusal: Response | undefined;
    try {
      refusal = checks(c);
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      c.error = error;
      refusal = await onError(error, c);
    }
    if (refusal !== undefined) c.res = refusal;
    else await next();
    if (writeLog !== undefined) await writeLog(c, started);
    if (identity !== undefined) c.header(REQUEST_IDENTITY_HEADER, identity);
  };
}
