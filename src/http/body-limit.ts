import type { IncomingMessage } from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { osbError } from "./osb-response.js";
import type { OsbEnv } from "./types.js";

/** Methods whose requests never carry a body (@hono/node-server gives them none). */
const WITHOUT_BODY = new Set(["GET", "HEAD"]);

const tooLarge = (c: Context<OsbEnv>) => osbError(c, 413, "request body too large");

/**
 * The body of a request served by @hono/node-server, read from node's stream: its text, or
 * `undefined` once it passes `maxBytes` (Content-Length first, then the bytes as they come).
 */
function readIncoming(incoming: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  const declared = incoming.headers["content-length"];
  if (declared !== undefined && incoming.headers["transfer-encoding"] === undefined && Number(declared) > maxBytes)
    return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (value: string | undefined) => void (settled || ((settled = true), resolve(value)));
    // MUST NOT destroy the stream when over the limit (the 413 goes out on its socket): the rest is
    // read and dropped, as node does with any body left unread.
    incoming.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) return settle(undefined);
      chunks.push(chunk);
    });
    // TextDecoder as Fetch's text(): UTF-8, a leading BOM dropped, invalid bytes as U+FFFD.
    incoming.once("end", () => settle(new TextDecoder().decode(Buffer.concat(chunks))));
    incoming.once("error", (error) => settled || ((settled = true), reject(error)));
    incoming.once("close", () => settled || ((settled = true), reject(new Error("request body incomplete"))));
  });
}

/**
 * 413 `{description}` for a request body over `maxBytes`. A GET or HEAD has no body, so it is not
 * looked at: hono's bodyLimit reads `c.req.raw.body`, which makes @hono/node-server build a full
 * Fetch `Request` (headers, AbortController) for every poll — 9 % of the broker's CPU at
 * 2,000 req/s, for a check whose answer is always "no body". Served by @hono/node-server, a PUT's or
 * PATCH's body is read from node's stream and left as the request's text (`c.req.text()`,
 * `c.req.json()` read it): the Fetch Request and its web stream were half of a repeated PUT's CPU.
 * Elsewhere (`app.request()`) hono's bodyLimit.
 */
export function osbBodyLimit(maxBytes: number): MiddlewareHandler<OsbEnv> {
  const limit = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    if (WITHOUT_BODY.has(c.req.method)) return next();
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    // A stream someone already read (a host that keeps `rawBody`) is left to hono's Request.
    if (incoming === undefined || typeof incoming.on !== "function" || incoming.readableEnded || "rawBody" in incoming)
      return limit(c, next);
    const text = await readIncoming(incoming, maxBytes);
    if (text === undefined) return tooLarge(c);
    // MUST: hono reads the body from this cache (text, and json through it), never the consumed stream.
    (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
    return next();
  };
}
