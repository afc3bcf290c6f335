import type { Context, MiddlewareHandler } from "hono";
import { isSafeId } from "../domain/ids.js";
import { originatingUser } from "../domain/originating-user.js";
import { routeOf } from "./route-of.js";
import type { OsbEnv, OsbLogger } from "./types.js";

/** The operation a request started (202 `{operation}`) or polls (`?operation=`), if any. */
async function operationOf(c: Context<OsbEnv>): Promise<string | undefined> {
  const polled = c.req.query("operation");
  if (polled !== undefined) return isSafeId(polled) ? polled : undefined;
  if (c.res.status !== 202) return undefined;
  const body = (await c.res
    .clone()
    .json()
    .catch(() => undefined)) as { operation?: unknown } | undefined;
  return typeof body?.operation === "string" ? body.operation : undefined;
}

/** Writes a request's log line once it is answered (`started`: its `performance.now()` at arrival). */
export type RequestLogWriter = (c: Context<OsbEnv>, started: number) => Promise<void>;

/**
 * The request log line on its own (src/http/envelope.ts): undefined when the logger writes nothing
 * at info (LOG_LEVEL above info: nothing to work out per request), else the writer of
 * {@link requestLog}'s line.
 */
export function createRequestLogWriter(logger: OsbLogger): RequestLogWriter | undefined {
  if (logger.isLevelEnabled?.("info") === false) return undefined;
  return async (c, started) => {
    const { route, instance, binding } = routeOf(c.req.path);
    const operation = await operationOf(c);
    const user = originatingUser(c.get("originatingIdentity"));
    logger.info(
      {
        method: c.req.method,
        route,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        requestIdentity: c.get("requestIdentity"),
        ...(user ? { user } : {}),
        ...(instance ? { instance } : {}),
        ...(binding ? { binding } : {}),
        ...(operation ? { operation } : {}),
      },
      "OSB request",
    );
  };
}

/**
 * Logs ONE info line per request: method, route (ids replaced), status, duration, the platform's
 * request identity, the originating user (only its user id/name field), the instance, binding and
 * operation ids. MUST NOT log headers, query strings or bodies (they may carry credentials or
 * parameters). Runs outermost so refused requests (401, 412, 400) are logged too.
 */
export function requestLog(logger: OsbLogger): MiddlewareHandler<OsbEnv> {
  const write = createRequestLogWriter(logger);
  if (write === undefined) return (_c, next) => next();
  return async (c, next) => {
    const started = performance.now();
    await next();
    await write(c, started);
  };
}
