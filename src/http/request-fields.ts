import type { Context } from "hono";
import { badRequest } from "../domain/errors.js";
import type { Json, MaintenanceInfo } from "../domain/service-broker.js";

/** A decoded JSON object (request body) or query map; unknown keys are ignored by the readers below. */
export type Fields = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Reads the body as one JSON object; empty, malformed or non-object bodies → BrokerError 400. */
export async function readJsonObject(c: Context): Promise<Fields> {
  const text = await c.req.text();
  if (text.trim() === "") throw badRequest("request body is required and must be a JSON object");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest("request body is not valid JSON");
  }
  if (!isObject(value)) throw badRequest("request body must be a JSON object");
  return value;
}

/** A required non-empty string (empty strings count as missing); `where` names the source in errors. */
export function requiredString(fields: Fields, name: string, where = "request body"): string {
  const value = fields[name];
  if (value === undefined || value === null || value === "")
    throw badRequest(`${name} is required (missing or empty in ${where})`);
  if (typeof value !== "string") throw badRequest(`${name} must be a string`);
  return value;
}

/** An optional string: `null` and `""` read as absent. */
export function optionalString(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw badRequest(`${name} must be a string`);
  return value;
}

/** An optional JSON object: `null` reads as absent; arrays and scalars → 400. */
export function optionalObject(fields: Fields, name: string): Json | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw badRequest(`${name} must be a JSON object`);
  return value;
}

/**
 * Optional `maintenance_info` (`{ version, description? }`). `{}` and a missing or empty version read
 * as absent (Go clients serialize an empty struct as `{}` on every request); a present version must
 * be a string.
 */
export function optionalMaintenanceInfo(fields: Fields, name = "maintenance_info"): MaintenanceInfo | undefined {
  const info = optionalObject(fields, name);
  if (info === undefined) return undefined;
  const version = optionalString(info, "version");
  if (version === undefined) return undefined;
  const description = optionalString(info, "description");
  return description === undefined ? { version } : { version, description };
}

/** `accepts_incomplete`: "true" → true; absent, empty or "false" → false; anything else → 400. */
export function acceptsIncomplete(query: Fields): boolean {
  const value = query.accepts_incomplete;
  if (value === undefined || value === "") return false;
  const normalized = String(value).toLowerCase();
  if (normalized === "true") return true;
  if (normalized === "false") return false;
  throw badRequest("accepts_incomplete must be true or false");
}
