/**
 * What the broker measures, as every layer records it: a small interface so that the worker, the
 * state store, terraform and HTTP record without knowing prom-client. The Prometheus implementation
 * is src/runtime/prometheus-metrics.ts (`serve`); tests and the other commands use {@link noMetrics}.
 * Labels are bounded: operation types, outcomes, terraform commands, store methods, route patterns
 * (never a raw path or an id) and status codes.
 */
export interface BrokerMetrics {
  /** An operation this broker ran ended: `interrupted` when shutdown or a lost lease left it to resume. */
  operationEnded(type: string, outcome: "succeeded" | "failed" | "interrupted", seconds: number): void;
  /** The worker's queue changed: operations waiting for a slot, and running. */
  workerQueue(queued: number, running: number): void;
  /** A terraform command failed (`reason`: failed, timeout, cancelled, not-found). */
  terraformFailed(command: string, reason: string): void;
  /** An operation lease left expired by another broker (or an earlier process) was taken over. */
  leaseTakenOver(): void;
  /** One state-store request (`get`, `put`, `create`, `delete`, `list`) and whether it failed. */
  storeRequest(method: string, seconds: number, failed: boolean): void;
  /** One HTTP request: the route pattern (e.g. `/v2/service_instances/:instance_id`), not the raw path. */
  httpRequest(method: string, route: string, status: number, seconds: number): void;
}

/** Records nothing (tests, the CLI's read-only commands). */
export const noMetrics: BrokerMetrics = {
  operationEnded: () => undefined,
  workerQueue: () => undefined,
  terraformFailed: () => undefined,
  leaseTakenOver: () => undefined,
  storeRequest: () => undefined,
  httpRequest: () => undefined,
};
