import type { Hono } from "hono";
import type { BrokerConfig } from "../config/broker-config.js";
import { createDrainCheck } from "../http/drain-guard.js";
import { createHealthRoutes } from "../http/health-routes.js";
import { requestMetrics } from "../http/request-metrics.js";
import type { Logger } from "../logging/logger.js";
import type { PrometheusMetrics } from "../runtime/prometheus-metrics.js";
import { createReadiness } from "../runtime/readiness.js";
import type { StateStore } from "../state/state-store.js";

/** Retry-After of a request refused while draining: about when the next broker takes work. */
export const DRAIN_RETRY_AFTER_SECONDS = 30;

/** Options of {@link mountOpsEndpoints}. */
export interface OpsEndpointsOptions {
  readonly config: BrokerConfig;
  readonly logger: Logger;
  readonly store: StateStore;
  readonly metrics: PrometheusMetrics;
}

/** The drain switch {@link mountOpsEndpoints} returns. */
export interface DrainSwitch {
  /** From now on: new operations get 503 with Retry-After, /readyz answers 503. */
  startDraining(): void;
  readonly draining: boolean;
}

/**
 * Mounts what an operator's platform calls, MUST be before every other route: the request metrics
 * (outermost), the drain guard, `GET /healthz`, `GET /readyz` and `GET /metrics` (METRICS_USERNAME /
 * METRICS_PASSWORD, else the broker's credentials).
 */
export function mountOpsEndpoints(app: Hono, options: OpsEndpointsOptions): DrainSwitch {
  const { config, logger, metrics } = options;
  let draining = false;
  // One hono layer for both: the metrics outermost, the drain check right inside them.
  app.use(
    requestMetrics(
      metrics,
      createDrainCheck({ draining: () => draining, retryAfterSeconds: DRAIN_RETRY_AFTER_SECONDS }),
    ),
  );
  const ready = createReadiness({
    store: options.store,
    terraformBin: config.terraformBin,
    draining: () => draining,
    logger,
  });
  const metricsCredentials = config.metricsCredentials ?? { username: config.username, password: config.password };
  app.route("/", createHealthRoutes({ ready, metrics, metricsCredentials, logger }));
  return {
    startDraining: () => void (draining = true),
    get draining() {
      return draining;
    },
  };
}
