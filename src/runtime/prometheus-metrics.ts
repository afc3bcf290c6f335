import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { BrokerMetrics } from "../domain/metrics.js";
import { registerHttpRequestMetrics } from "./http-request-metrics.js";
import { type StoreGaugesOptions, registerStoreGauges } from "./store-gauges.js";

/** {@link BrokerMetrics} over a prom-client registry of its own, and its text exposition. */
export interface PrometheusMetrics extends BrokerMetrics {
  /** The registry's metrics in the Prometheus text format. */
  render(): Promise<string>;
  /** The content type of {@link render}'s text. */
  readonly contentType: string;
  /**
   * Adds the store-wide gauges (expired bindings, drift by status), read through a cache
   * (src/runtime/store-gauges.ts). Once per registry: `serve` calls it when the store is open.
   */
  observeStore(options: StoreGaugesOptions): void;
}

/** Options of {@link createPrometheusMetrics}. */
export interface PrometheusMetricsOptions {
  /** Also the process metrics (CPU, memory, event loop lag) under `openstack_broker_process_*`. Default true. */
  readonly processMetrics?: boolean;
}

const OPERATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600];
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The broker's Prometheus metrics (docs/deploy.md, "Metrics" lists them). A registry per call, so
 * two brokers in one process (tests) never share counts.
 */
export function createPrometheusMetrics(options: PrometheusMetricsOptions = {}): PrometheusMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: "openstack_broker_" });
  const registers = [registry];
  const operations = new Counter({
    name: "openstack_broker_operations_total",
    help: "Operations run by this broker, by type and outcome (interrupted: left to resume)",
    labelNames: ["type", "outcome"] as const,
    registers,
  });
  const operationSeconds = new Histogram({
    name: "openstack_broker_operation_duration_seconds",
    help: "Duration of an operation's attempt on this broker, by type and outcome",
    labelNames: ["type", "outcome"] as const,
    buckets: OPERATION_BUCKETS,
    registers,
  });
  const queued = new Gauge({
    name: "openstack_broker_operations_queued",
    help: "Operations waiting for a worker slot (CONCURRENCY, one per instance)",
    registers,
  });
  const running = new Gauge({ name: "openstack_broker_operations_running", help: "Operations running", registers });
  const terraformFailures = new Counter({
    name: "openstack_broker_terraform_failures_total",
    help: "Terraform commands that failed, by command and reason (failed, timeout, cancelled, not-found)",
    labelNames: ["command", "reason"] as const,
    registers,
  });
  const takeovers = new Counter({
    name: "openstack_broker_lease_takeovers_total",
    help: "Operation leases taken over after their holder stopped renewing them",
    registers,
  });
  const storeSeconds = new Histogram({
    name: "openstack_broker_state_store_request_duration_seconds",
    help: "State store requests, by method",
    labelNames: ["method"] as const,
    buckets: REQUEST_BUCKETS,
    registers,
  });
  const storeErrors = new Counter({
    name: "openstack_broker_state_store_errors_total",
    help: "State store requests that failed, by method",
    labelNames: ["method"] as const,
    registers,
  });
  // Counted in plain numbers, rendered as prom-client's Counter and Histogram would (http-request-metrics.ts).
  const httpRequest = registerHttpRequestMetrics({ registry, buckets: REQUEST_BUCKETS });
  // Every family is present from the first scrape, at zero.
  queued.set(0);
  running.set(0);
  takeovers.inc(0);

  return {
    operationEnded(type, outcome, seconds) {
      operations.inc({ type, outcome });
      operationSeconds.observe({ type, outcome }, seconds);
    },
    workerQueue(waiting, active) {
      queued.set(waiting);
      running.set(active);
    },
    terraformFailed: (command, reason) => terraformFailures.inc({ command, reason }),
    leaseTakenOver: () => takeovers.inc(),
    storeRequest(method, seconds, failed) {
      storeSeconds.observe({ method }, seconds);
      if (failed) storeErrors.inc({ method });
    },
    httpRequest,
    observeStore: (store) => registerStoreGauges(registry, store),
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
