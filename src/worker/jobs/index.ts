import type { JobHandler } from "../job.js";
import type { OperationRecord } from "../../state/records.js";
import { createBindJob, createUnbindJob } from "./binding-jobs.js";
import { createDeprovisionJob, createProvisionJob, createUpdateJob } from "./instance-jobs.js";
import type { JobsOptions } from "./jobs-options.js";
import { withStoreRetries } from "../store-retry.js";

export type { JobsOptions } from "./jobs-options.js";

/** The job for each operation type; the jobs reach terraform only through `options.stacks` (src/workspace). */
export function createJobs(options: JobsOptions): Record<OperationRecord["type"], JobHandler> {
  const deps = { ...options, records: withStoreRetries(options.records, options.storeRetry ?? { forMs: 90_000 }) };
  return {
    provision: createProvisionJob(deps),
    update: createUpdateJob(deps),
    deprovision: createDeprovisionJob(deps),
    bind: createBindJob(deps),
    unbind: createUnbindJob(deps),
  };
}
