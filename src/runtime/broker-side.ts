import type { Catalog } from "../catalog/catalog.js";
import type { CloudRouting } from "../cloud/cloud-routing.js";
import { createBroker } from "../broker/create-broker.js";
import { createOperationTimes } from "../broker/operation-times.js";
import { timedRecords } from "../broker/timed-records.js";
import type { BrokerPreview } from "../broker/preview.js";
import type { BrokerRetention } from "../broker/retention.js";
import type { ServiceBroker } from "../domain/service-broker.js";
import type { PlanTarget } from "../broker/dry-run/plan-report.js";
import type { PlanDefinition } from "../domain/service-catalog.js";
import type { OperationRecord, Records } from "../state/records.js";
import type { BrokerConfig } from "../config/broker-config.js";
import { createJobs } from "../worker/jobs/index.js";
import type { JobHandler } from "../worker/job.js";
import type { Logger } from "../logging/logger.js";
import { resumeOperations } from "../worker/resume.js";
import { createWorker, type Worker } from "../worker/worker.js";
import type { TerraformSide } from "./terraform-side.js";
import type { BrokerMetrics } from "../domain/metrics.js";

/** The broker and its worker, as `serve` runs them. */
export interface BrokerSide {
  readonly jobs: Readonly<Record<OperationRecord["type"], JobHandler>>;
  readonly worker: Worker;
  /** The OSB API's broker, with the preview (`POST /x-preview`) beside it. */
  readonly broker: ServiceBroker & BrokerPreview & BrokerRetention;
  /** Queues the operations left in progress by a dead (or this, restarted) broker; returns how many. */
  resume(): Promise<number>;
}

/** What the broker side is built from. */
export interface BrokerSideOptions {
  readonly config: BrokerConfig;
  readonly logger: Logger;
  readonly catalog: Catalog;
  readonly records: Records;
  readonly routing: CloudRouting;
  readonly terraform: TerraformSide;
  readonly previewTarget: (plan: PlanDefinition) => PlanTarget;
  /** Where the worker records outcomes, the queue and lease takeovers. */
  readonly metrics?: BrokerMetrics;
}

/**
 * The jobs over the terraform side's stack runs, the worker (CONCURRENCY, OPERATION_TIMEOUT_SECONDS,
 * leases), and the broker over the records, the worker and the preview pool.
 */
export function createBrokerSide(options: BrokerSideOptions): BrokerSide {
  const { config, logger, catalog } = options;
  // One records object for the worker and the broker: outcomes feed the polls' Retry-After.
  const operationTimes = createOperationTimes();
  const records = timedRecords(options.records, operationTimes);
  const jobs = createJobs({
    records,
    catalog,
    stacks: options.terraform.stacks,
    storeRetry: { forMs: 3 * config.leaseTtlMs },
  });
  const lease = { brokerId: config.brokerId, leaseTtlMs: config.leaseTtlMs };
  const worker = createWorker({
    records,
    jobs,
    concurrency: config.concurrency,
    operationTimeoutMs: config.operationTimeoutMs,
    logger,
    metrics: options.metrics,
    ...lease,
  });
  const broker = createBroker({
    catalog,
    records,
    worker,
    previewer: options.terraform.previews,
    clouds: options.routing,
    previewTarget: options.previewTarget,
    operationTimes,
  });
  return {
    jobs,
    worker,
    broker,
    resume: () =>
      resumeOperations({
        records,
        worker,
        jobs,
        logger,
        ...lease,
        onTakeover: () => options.metrics?.leaseTakenOver(),
      }),
  };
}
