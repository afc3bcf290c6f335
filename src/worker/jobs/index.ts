import type { JobHandler } from "../job.js";
import type { OperationRecord } from "../../state/records.js";
import { createBindJob, createUnbindJob } from "./binding-jobs.js";
import { createDeprovisionJob, createProvisionJob, createUpdateJob } from "./instance-jobs.js";
import type { JobDeps } from "./job-deps.js";

export type { JobDeps } from "./job-deps.js";

/** The job for each operation type. */
export function createJobs(deps: JobDeps): Record<OperationRecord["type"], JobHandler> {
  return {
    provision: createProvisionJob(deps),
    update: createUpdateJob(deps),
    deprovision: createDeprovisionJob(deps),
    bind: createBindJob(deps),
    unbind: createUnbindJob(deps),
  };
}
