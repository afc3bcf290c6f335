import { Hono } from "hono";
import { type BasicAuthCredentials, basicAuth } from "./basic-auth.js";
import { type OsbLogger, silentLogger } from "./types.js";

/** Options of {@link createHealthRoutes}. */
export interface HealthRoutesOptions {
  /** Whether the broker can take work now (catalog, store, terraform, not draining); details go to the logs. */
  readonly ready: () => Promise<boolean>;
  /** The Prometheus exposition (`GET /metrics`); absent: no /metrics route. */
  readonly metrics?: { render(): Promise<string>; readonly contentType: string };
  /** Who may read /metrics: METRICS_USERNAME/METRICS_PASSWORD, else the broker's own credentials. */
  readonly metricsCredentials: BasicAuthCredentials;
  readonly logger?: OsbLogger;
}

/**
 * `GET /healthz` (the process answers: liveness), `GET /readyz` (ready for work: readiness) and
 * `GET /metrics` (Prometheus text, behind basic auth). The probes need no credentials (a kubelet
 * has none) and MUST say nothing that helps an attacker: `{"status":"ok"}` or 503
 * `{"status":"unavailable"}`, never which check failed, versions or paths.
 */
export function createHealthRoutes(options: HealthRoutesOptions): Hono {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const ready = await options.ready().catch(() => false);
    c.header("Cache-Control", "no-store");
    return ready ? c.json({ status: "ok" }) : c.json({ status: "unavailable" }, 503);
  });
  const { metrics } = options;
  if (metrics !== undefined) {
    app.use(
      "/metrics",
      basicAuth({ credentials: options.metricsCredentials, logger: options.logger ?? silentLogger, realm: "metrics" }),
    );
    app.get("/metrics", async (c) => {
      c.header("Content-Type", metrics.contentType);
      return c.body(await metrics.render());
    });
  }
  return app;
}
