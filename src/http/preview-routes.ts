import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { BrokerPreview } from "../broker/preview.js";
import { PREVIEW_RETRY_AFTER_SECONDS } from "../broker/preview-refusals.js";
import { BrokerError } from "../domain/errors.js";
import { basicAuth, type BasicAuthCredentials } from "./basic-auth.js";
import { osbError } from "./osb-response.js";
import { requestIdentity } from "./request-identity.js";
import { requestLog } from "./request-log.js";
import { silentLogger, type OsbEnv, type OsbLogger } from "./types.js";

/** Options of {@link createPreviewRoutes}. */
export interface PreviewRoutesOptions {
  /** The broker: its `preview` validates, plans through the bounded preview pool, and reports. */
  readonly broker: BrokerPreview;
  /** The broker's own Basic auth credentials (the same as the OSB API's). */
  readonly credentials: BasicAuthCredentials;
  readonly logger?: OsbLogger;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The dry-run over HTTP, a documented extension of the OSB API (docs/cli.md, "HTTP preview"):
 * `POST /x-preview/service_instances/:instance_id` with an OSB-style body
 * `{ service_id, plan_id, parameters?, context? }` answers 200 with the same JSON document as
 * `openstack-broker plan --json` — a create when the instance does not exist, else an update of it
 * (`plan_id` optional). Guarded by the broker's Basic auth (401). Errors are OSB bodies
 * `{ description }`: 400 invalid request or parameters (the broker's own text), 404 unknown instance
 * for an update, 409 never, 422 terraform could not plan (or not within PREVIEW_TIMEOUT_SECONDS),
 * 429 (with Retry-After) when PREVIEW_CONCURRENCY plans are already running.
 * Nothing is written: no record, no operation, no state. The handler only decodes, calls
 * `broker.preview` and maps its `BrokerError`.
 */
export function createPreviewRoutes(options: PreviewRoutesOptions): Hono<OsbEnv> {
  const logger = options.logger ?? silentLogger;
  const app = new Hono<OsbEnv>();
  // The request identity and the request log line first, as on the OSB routes (401s logged too).
  app.use("/x-preview/*", requestIdentity(), requestLog(logger));
  app.use(
    "/x-preview/*",
    bodyLimit({ maxSize: 1024 * 1024, onError: (c) => osbError(c, 413, "request body too large") }),
  );
  app.use("/x-preview/*", basicAuth({ credentials: options.credentials, logger }));
  app.post("/x-preview/service_instances/:instance_id", async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return osbError(c, 400, "request body is not valid JSON");
    }
    if (!isObject(body)) return osbError(c, 400, "request body must be a JSON object");
    for (const name of ["service_id", "plan_id"] as const) {
      if (body[name] !== undefined && typeof body[name] !== "string")
        return osbError(c, 400, `${name} must be a string`);
    }
    try {
      const report = await options.broker.preview(c.req.param("instance_id"), {
        service_id: body.service_id as string | undefined,
        plan_id: body.plan_id as string | undefined,
        parameters: body.parameters,
        context: body.context,
      });
      return c.json(report, 200);
    } catch (error) {
      if (error instanceof BrokerError) {
        if (error.status === 429) c.header("Retry-After", String(PREVIEW_RETRY_AFTER_SECONDS));
        return osbError(c, error.status as ContentfulStatusCode, error.description);
      }
      logger.error(
        { path: c.req.path, err: { name: (error as Error).name, message: (error as Error).message } },
        "preview failed",
      );
      return osbError(c, 500, "internal error");
    }
  });
  return app;
}
