import type { Catalog } from "../../catalog/catalog.js";
import type { BindingRecord, InstanceRecord, OperationRecord, Records } from "../../state/records.js";
import type { StackRunControl, StackRuns } from "../../workspace/stack-runs.js";
import type { JobContext } from "../job.js";
import type { StoreRetryPolicy } from "../store-retry.js";

/** What every job needs: the records it writes, the catalog, and the runs of the stacks. */
export interface JobsOptions {
  readonly records: Records;
  readonly catalog: Catalog;
  /** The way to terraform (src/workspace): each stack runs on its instance's recorded cloud. */
  readonly stacks: StackRuns;
  /**
   * Retries of the jobs' record reads and writes while the store is unreachable, so that an outage
   * does not fail work terraform has done. Default: for 90 s (the runtime gives 3 × LEASE_TTL_SECONDS).
   */
  readonly storeRetry?: StoreRetryPolicy;
}

/** Reads a record that MUST exist for the operation to make sense. */
export async function mustGetInstance(deps: JobsOptions, op: OperationRecord): Promise<InstanceRecord> {
  const instance = await deps.records.getInstance(op.instanceId);
  if (instance === undefined) throw new Error(`instance ${op.instanceId} has no record`);
  return instance;
}

export async function mustGetBinding(deps: JobsOptions, op: OperationRecord): Promise<BindingRecord> {
  const binding = await deps.records.getBinding(op.instanceId, op.bindingId ?? "");
  if (binding === undefined) throw new Error(`binding ${op.bindingId} has no record`);
  return binding;
}

/** A run of a job: its signal, deadline, log and progress, with `action`. */
export function runOf(
  ctx: JobContext,
  action: StackRunControl["action"],
  extra: Pick<StackRunControl, "goneWithInstance"> = {},
): StackRunControl {
  return { ...extra, action, signal: ctx.signal, deadline: ctx.deadline, log: ctx.log, onProgress: ctx.progress };
}
