import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Catalog } from "../catalog/catalog.js";
import type { Records } from "../state/records.js";
import type { CloudRouting } from "../cloud/cloud-routing.js";
import type { Previewer } from "../worker/preview.js";
import { TerraformError } from "../terraform/types.js";
import { createDryRun, DryRunError } from "../broker/dry-run/dry-run.js";
import type { PlanTarget } from "../broker/dry-run/plan-report.js";
import { basicAuth, type BasicAuthCredentials } from "./basic-auth.js";
import { osbError } from "./osb-response.js";
import { isSafeId } from "../domain/ids.js";
import { silentLogger, type OsbEnv, type OsbLogger } from "./types.js";

/** Options of {@link createPreviewRoutes}. */
export interface PreviewRoutesOptions {
  readonly catalog: Catalog;
  readonly records: Records;
  /** The broker's read-only previewer (plans with -lock=false; writes nothing). */
  readonly previewer: Previewer;
  /** The broker's own Basic auth credentials (the same as the OSB API's). */
  readonly credentials: BasicAuthCredentials;
  /** Whether OpenStack stacks run against the built-in simulator (said in every report). */
  readonly simulated?: boolean;
  /** How terraform reaches the simulator (SIMULATOR_MODE), said in the report. Default reattach. */
  readonly simulatorMode?: "reattach" | "launched";
  readonly logger?: OsbLogger;
  /** Previews running at once; more are answered 429. Default 2. */
  readonly maxConcurrent?: number;
  /** The broker's cloud routing, so a create is previewed on the cloud the broker would choose. */
  readonly clouds?: CloudRouting;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The dry-run over HTTP, a documented extension of the OSB API (docs/cli.md, "HTTP preview"):
 * `POST /x-preview/service_instances/:instance_id` with an OSB-style body
 * `{ service_id, plan_id, parameters?, context? }` answers 200 with the same JSON document as
 * `openstack-broker plan --json` — a create when the instance does not exist, else an update of it
 * (`plan_id` optional). Guarded by the broker's Basic auth (401). Errors are OSB bodies
 * `{ description }`: 400 invalid request or parameters (the broker's own text), 404 unknown instance
 * for an update, 409 never, 422 terraform could not plan, 429 too many previews at once.
 * Nothing is written: no record, no operation, no state.
 */
export function createPreviewRoutes(options: PreviewRoutesOptions): Hono<OsbEnv> {
  const logger = options.logger ?? silentLogger;
  const maxConcurrent = options.maxConcurrent ?? 2;
  let running = 0;
  const cloud: PlanTarget = options.simulated
    ? { kind: "simulator", description: `the built-in OpenStack simulator (${options.simulatorMode === "launched" ? "launched by terraform, SIMULATOR_MODE=launched" : "no cloud configured"})` }
    : { kind: "cloud", description: "the broker's configured OpenStack cloud" };
  const dryRun = createDryRun({
    catalog: options.catalog,
    records: options.records,
    previewer: options.previewer,
    target: (plan) => (options.catalog.stackFor(plan).providers?.includes("openstack") ? cloud : { kind: "none", description: "terraform built-ins only (no cloud needed)" }),
    clouds: options.clouds,
  });
  const app = new Hono<OsbEnv>();
  app.use("/x-preview/*", bodyLimit({ maxSize: 1024 * 1024, onError: (c) => osbError(c, 413, "request body too large") }));
  app.use("/x-preview/*", basicAuth({ credentials: options.credentials, logger }));
  app.post("/x-preview/service_instances/:instance_id", async (c) => {
    const instanceId = c.req.param("instance_id");
    if (!isSafeId(instanceId)) return osbError(c, 400, "instance_id must be 1-200 characters of letters, digits, '.', '_' or '-'");
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return osbError(c, 400, "request body is not valid JSON");
    }
    if (!isObject(body)) return osbError(c, 400, "request body must be a JSON object");
    for (const name of ["service_id", "plan_id"] as const) {
      if (body[name] !== undefined && typeof body[name] !== "string") return osbError(c, 400, `${name} must be a string`);
    }
    if (running >= maxConcurrent) {
      c.header("Retry-After", "5");
      return osbError(c, 429, `${running} previews are running; retry later`);
    }
    running++;
    try {
      const exists = await options.records.getInstance(instanceId);
      const update = exists !== undefined && !exists.deleted;
      const report = await dryRun.run({
        ...(update ? { instance: instanceId } : { instanceId }),
        service: body.service_id as string | undefined,
        plan: body.plan_id as string | undefined,
        parameters: body.parameters ?? undefined,
        context: body.context ?? undefined,
      });
      return c.json(report, 200);
    } catch (error) {
      if (error instanceof DryRunError) {
        const field = { service: "service_id", plan: "plan_id", parameters: "parameters", context: "context", instance: "instance_id" }[error.field];
        return osbError(c, error.status, error.field === "parameters" ? error.message : `${field}: ${error.message}`);
      }
      if (error instanceof TerraformError) return osbError(c, 422, `terraform could not plan this request: ${error.message}`);
      logger.error({ path: c.req.path, err: { name: (error as Error).name, message: (error as Error).message } }, "preview failed");
      return osbError(c, 500, "internal error");
    } finally {
      running--;
    }
  });
  return app;
}
