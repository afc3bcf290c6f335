import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { Catalog } from "../catalog/catalog.js";
import { createOsbApp, osbNotFound } from "../http/create-osb-app.js";
import { createPreviewRoutes } from "../http/preview-routes.js";
import { createFileStore } from "../state/file-store.js";
import type { Records } from "../state/records.js";
import type { StateStore } from "../state/state-store.js";
import type { Worker } from "../worker/worker.js";
import type { Previewer } from "../workspace/preview.js";
import type { Logger } from "../logging/logger.js";
import { createRuntime } from "../runtime/create-runtime.js";
import { startPeriodicDriftChecks } from "../worker/drift-check.js";
import type { BrokerConfig, SimulatorMode } from "../config/broker-config.js";
import { ConfigError } from "../config/config-error.js";
import { createPrometheusMetrics } from "../runtime/prometheus-metrics.js";
import { readStoreCounts } from "../runtime/store-gauges.js";
import { mountOpsEndpoints } from "./ops-endpoints.js";

export interface StartBrokerOptions {
  readonly logger?: Logger;
  /**
   * The environment the configured store is opened from (STATE_STORE, STATE_ENCRYPTION_KEYS...: `serve`).
   * Without it and without `store`: the file store in `config.stateDir` (the embedded default).
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A store to use instead (Swift, tests), or how to open it:
   *  opened only once terraform and the catalog have been checked, so a bad start creates nothing. */
  readonly store?: StateStore | (() => Promise<StateStore>);
}

export interface RunningBroker {
  readonly url: string;
  readonly port: number;
  readonly catalog: Catalog;
  readonly records: Records;
  readonly worker: Worker;
  /** The bounded preview pool (PREVIEW_CONCURRENCY, PREVIEW_TIMEOUT_SECONDS). */
  readonly previewer: Previewer;
  readonly simulated: boolean;
  /** How terraform reaches the simulator (SIMULATOR_MODE), when {@link simulated}. */
  readonly simulatorMode?: SimulatorMode;
  /** Stops listening and interrupts running operations (they resume at the next start). */
  stop(): Promise<void>;
  /**
   * Graceful shutdown (SIGTERM): new operations are refused (503, Retry-After) and /readyz fails,
   * running ones get `graceMs` to finish, then terraform is interrupted (SIGINT, it writes its state),
   * the leases are released and the broker {@link stop}s. Reads keep answering until then.
   */
  shutdown(graceMs: number): Promise<void>;
}

/**
 * The runtime (src/runtime/create-runtime.ts) plus the HTTP server: checks terraform, the catalog and
 * its stacks, and the clouds before listening, serves the OSB API, the preview and the terraform
 * state backend on one port, then resumes operations a previous run left.
 */
export async function startBroker(config: BrokerConfig, options: StartBrokerOptions = {}): Promise<RunningBroker> {
  const store =
    options.store ?? (options.env === undefined ? () => createFileStore({ dir: config.stateDir }) : undefined);
  const metrics = createPrometheusMetrics();
  const runtime = createRuntime(config, { logger: options.logger, env: options.env, store, metrics });
  const { logger } = runtime;
  await runtime.checkTerraform();
  const catalog = await runtime.catalog();
  await runtime.checkStacks();
  // Which cloud serves which instance (docs/clouds.md): every name is checked against clouds.yaml
  // before anything is created.
  await runtime.clouds();
  const records = await runtime.records();
  // Expired bindings and drift on /metrics: one store walk a minute at most, never one per scrape.
  metrics.observeStore({
    read: () => readStoreCounts(records),
    onError: (error) => logger.warn({ err: error }, "metrics: counting expired bindings and drift failed"),
  });
  const terraform = await runtime.terraform();
  const { worker, broker, resume } = await runtime.brokerSide();

  const app = new Hono();
  // MUST come first: the metrics see every request, the drain guard refuses before any route.
  const drain = mountOpsEndpoints(app, { config, logger, store: records.store, metrics });
  const credentials = { username: config.username, password: config.password };
  app.route("/", terraform.stateBackend);
  app.route("/", createOsbApp({ broker, credentials, logger }));
  app.route("/", createPreviewRoutes({ broker, credentials, logger }));
  app.notFound(osbNotFound);

  // MUST stop the simulator if listening fails: nothing of this start may outlive it.
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new ConfigError(`port ${config.port} on ${config.host} is in use: set PORT (or --port) to another one`)
          : error,
      ),
    );
  }).catch(async (error: unknown) => {
    await runtime.close();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  if (config.stateBackendUrl === undefined) terraform.setStateBackendUrl(`http://127.0.0.1:${port}`);
  const resumeLogged = async () => {
    const resumed = await resume();
    if (resumed > 0) logger.info({ resumed }, "resumed operations left in progress");
  };
  await resumeLogged();
  // Drift reported, not corrected (DRIFT_INTERVAL; off by default): refresh-only plans, never applies.
  const stopDrift = startPeriodicDriftChecks(await runtime.driftCheck(), config.driftIntervalMs, logger);
  // With several brokers on one store, take over a dead broker's operations once their leases expire.
  const rescan = setInterval(
    () => void resumeLogged().catch((error) => logger.warn({ err: error }, "resume scan failed")),
    config.leaseTtlMs,
  );
  rescan.unref();
  // RETENTION_HOURS: deleted instances become tombstones (src/broker/retention.ts); hourly, and once now.
  const sweep = () =>
    void broker
      .sweepDeleted({ retentionMs: config.retentionMs })
      .then(
        (report) => report.instances > 0 && logger.info(report, "retention: deleted instances reduced to tombstones"),
      )
      .catch((error) => logger.warn({ err: error }, "retention sweep failed"));
  const retention = config.retentionMs > 0 ? setInterval(sweep, 3600_000) : undefined;
  retention?.unref();
  if (config.retentionMs > 0) sweep();

  const stop = async () => {
    stopDrift();
    clearInterval(rescan);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    await closed;
    // The worker first (running operations interrupted; they resume at the next start), then the simulator.
    await runtime.close();
  };
  return {
    url: `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}`,
    port,
    catalog,
    records,
    worker,
    previewer: terraform.previews,
    simulated: terraform.simulator !== undefined,
    simulatorMode: terraform.simulator?.mode,
    stop,
    async shutdown(graceMs) {
      drain.startDraining();
      clearInterval(rescan);
      clearInterval(retention);
      logger.info({ running: worker.pending, graceSeconds: graceMs / 1000 }, "draining: no new operations");
      const left = await worker.drain(graceMs);
      if (left > 0)
        logger.warn({ interrupted: left }, "grace period over: operations interrupted, they resume at the next start");
      await stop();
    },
  };
}
