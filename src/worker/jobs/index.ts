import type { JobHandler } from "../job.js";
import type { OperationRecord } from "../../state/records.js";
import { createBindJob, createUnbindJob } from "./binding-jobs.js";
import { createDeprovisionJob, createProvisionJob, createUpdateJob } from "./instance-jobs.js";
import type { JobsOptions } from "./jobs-options.js";

export type { JobsOptions } from "./jobs-options.js";

/** The job for each operation type; the jobs reach terraform only through `options.stacks` (src/workspace). */
export function createJobs(deps: JobsOptions): Record<OperationRecord["type"], JobHandler> {
  return {
    provision: createProvisionJob(deps),
    update: createUpdateJob(deps),
    deprovision: createDeprovisionJob(deps),
    bind: createBindJob(deps),
    unbind: createUnbindJob(deps),
  };
}
