import type { MiddlewareHandler } from "hono";
import { osbError } from "./osb-response.js";
import type { OsbEnv } from "./types.js";

/** Methods whose OSB requests carry a JSON body (provision, update, bind). */
const WITH_BODY = new Set(["PUT", "PATCH", "POST"]);

/** Whether a Content-Type value is JSON: `application/json`, any case, with parameters (`; charset=utf-8`). */
export function isJsonContentType(value: string): boolean {
  return value.split(";")[0].trim().toLowerCase() === "application/json";
}

/**
 * Requires `Content-Type: application/json` on a request body (PUT, PATCH): any other type → 415
 * naming the type received, and a body without a type → 415 too, so a proxy that rewrites a body
 * into another format cannot have it read as JSON. Platforms send `application/json` (Cloud
 * Foundry, Korifi and provider-osb do). An empty body without a type passes (the route decides
 * whether it needs one: provision answers 400 "request body is required").
 */
export function jsonContentType(): MiddlewareHandler<OsbEnv> {
  return async (c, next) => {
    if (!WITH_BODY.has(c.req.method)) return next();
    const type = c.req.header("Content-Type");
    if (type !== undefined && type.trim() !== "") {
      if (isJsonContentType(type)) return next();
      const shown = type.length > 60 ? `${type.slice(0, 60)}...` : type;
      return osbError(c, 415, `Content-Type ${JSON.stringify(shown)} is not supported: send application/json`);
    }
    if ((await c.req.text()) === "") return next();
    return osbError(c, 415, "the request body has no Content-Type: send application/json");
  };
}
