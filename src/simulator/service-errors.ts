import { serviceUrl } from "./service-catalog.js";

/**
 * JSON as the Python services print it (`json.dumps` defaults: `", "` and `": "` separators), so an
 * error body reads byte for byte like Keystone's, Nova's or Heat's.
 */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value);
}

/** An HTTP answer gophercloud did not expect. */
export interface UnexpectedResponse {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";
  /** Catalog service type (`identity`, `compute`...) whose public URL prefixes `path`. */
  readonly service: string;
  readonly path: string;
  /** The codes gophercloud accepts for this call (its `OkCodes`, or the method's defaults). */
  readonly expected: readonly number[];
  readonly status: number;
  /** The response body: an object (printed as Python JSON) or plain text. */
  readonly body: unknown;
}

/**
 * gophercloud's `ErrUnexpectedResponseCode` text, e.g. `Expected HTTP response code [201] when
 * accessing [POST https://keystone.openstack.simulator:5000/v3/users/…/application_credentials], but
 * got 403 instead: {"error": {...}}` (gophercloud v2 errors.go: `%v` of the []int, method, URL, body).
 */
export function unexpectedResponse(response: UnexpectedResponse): string {
  const body = typeof response.body === "string" ? response.body : pythonJson(response.body);
  return (
    `Expected HTTP response code [${response.expected.join(" ")}] when accessing ` +
    `[${response.method} ${serviceUrl(response.service)}${response.path}], but got ${response.status} instead: ${body.trim()}`
  );
}

/** gophercloud's default OkCodes per method (provider_client.go `defaultOkCodes`). */
export const DEFAULT_OK_CODES = {
  GET: [200],
  POST: [201, 202],
  PUT: [201, 202],
  PATCH: [200, 202, 204],
  DELETE: [202, 204],
} as const;
