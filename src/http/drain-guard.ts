import type { Context } from "hono";
import { osbError } from "./osb-response.js";

/** Options of {@link createDrainCheck}. */
export interface DrainGuardOptions {
  /** Whether the broker is shutting down (SIGTERM received). */
  readonly draining: () => boolean;
  /** Retry-After of the refusal, in seconds. */
  readonly retryAfterSeconds: number;
}

/** Methods that start work: refused while draining. */
const STARTS_WORK = new Set(["PUT", "PATCH", "DELETE"]);

/**
 * While the broker drains, new OSB operations (PUT, PATCH, DELETE under `/v2/`) and previews
 * (`POST /x-preview/...`) are refused with 503 and Retry-After, so the platform retries them on the
 * next broker. Reads (catalog, GET instance/binding, last_operation) keep answering, and terraform's
 * state backend (`/tfstate/`) MUST keep serving the runs still finishing. The check on its own:
 * undefined when the request may go on, else the 503 (requestMetrics in request-metrics.ts runs it).
 */
export function createDrainCheck(options: DrainGuardOptions): (c: Context) => Response | undefined {
  return (c) => {
    if (!options.draining()) return undefined;
    const { method, path } = c.req;
    const refused =
      (STARTS_WORK.has(method) && path.startsWith("/v2/")) || (method === "POST" && path.startsWith("/x-preview/"));
    if (!refused) return undefined;
    c.header("Retry-After", String(options.retryAfterSeconds));
    return osbError(c, 503, "the broker is shutting down; retry the request later");
  };
}
