import type { Context } from "hono";
import { badRequest } from "../domain/errors.js";
import { isSafeId } from "../domain/ids.js";

/**
 * Reads `:instance_id` / `:binding_id` from the path and rejects ids the broker cannot store as a
 * key segment (the state layer's rule: 1-200 characters of [A-Za-z0-9._-], not "." or "..") with
 * 400 naming the parameter — so nothing path-like ever reaches the broker or the store.
 */
export function pathId(c: Context, name: "instance_id" | "binding_id"): string {
  const id = c.req.param(name) ?? "";
  if (!isSafeId(id)) throw badRequest(`${name} must be 1-200 characters of letters, digits, '.', '_' or '-'`);
  return id;
}
