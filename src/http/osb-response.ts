import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { OsbErrorCode } from "../domain/errors.js";

/** The OSB error body: `error` only for the spec's codes. */
export interface OsbErrorBody {
  error?: OsbErrorCode;
  description: string;
}

/** Answers `status` with the OSB error body `{ error?, description }`. */
export function osbError(c: Context, status: ContentfulStatusCode, description: string, code?: OsbErrorCode): Response {
  const body: OsbErrorBody = code ? { error: code, description } : { description };
  return c.json(body, status);
}

/** Copies the defined values of `fields` (drops `undefined`), so bodies carry no `null` placeholders. */
export function defined(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out;
}
