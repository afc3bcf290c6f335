import type { Catalog } from "../catalog/catalog.js";
import type { Logger } from "../logging/logger.js";
import type { DriftRecords, DriftResult } from "../state/drift-records.js";
import type { Records } from "../state/records.js";
import type { PlanResourceChange } from "../terraform/plan-summary.js";
import type { StackRuns } from "../workspace/stack-runs.js";
import { instanceStackSpec } from "../workspace/stack-synth.js";

/** Options of {@link createDriftCheck}. */
export interface DriftCheckOptions {
  readonly records: Records;
  readonly catalog: Catalog;
  /** The way to terraform: only `plan` is used, never `run`. */
  readonly stacks: Pick<StackRuns, "plan">;
  readonly drift: DriftRecords;
  /** Limit of one instance's refresh-only plan. */
  readonly timeoutMs: number;
  readonly logger?: Logger;
  readonly now?: () => Date;
}

/** One instance's outcome: its result, or why it was not checked (not ready, an operation runs). */
export type DriftOutcome = { readonly instanceId: string } & (
  | { readonly result: DriftResult }
  | { readonly skipped: string }
);

/**
 * Drift reported, never corrected: `terraform plan -refresh-only -detailed-exitcode -lock=false` of
 * an instance's stack against its stored state, through the workspace runner. MUST never apply: the
 * cloud and the state stay as they are; only the result is stored (src/state/drift-records.ts).
 */
export interface DriftCheck {
  /** Checks one instance; `skipped` when it is gone, not ready or has an operation in progress. */
  checkInstance(instanceId: string): Promise<DriftOutcome>;
  /** Checks every live instance, one after the other (a drift check never crowds out operations). */
  checkAll(): Promise<DriftOutcome[]>;
}

const names = (change: PlanResourceChange) => change.attributes.map((a) => a.name);

export function createDriftCheck(options: DriftCheckOptions): DriftCheck {
  const now = options.now ?? (() => new Date());
  const checkInstance = async (instanceId: string): Promise<DriftOutcome> => {
    const instance = await options.records.getInstance(instanceId);
    if (instance === undefined || instance.deleted) return { instanceId, skipped: "no such instance" };
    if (instance.status !== "ready") return { instanceId, skipped: `the instance is ${instance.status}` };
    const last = await options.records.getOperation(instanceId, instance.lastOperationId);
    if (last?.state === "in progress") return { instanceId, skipped: `operation ${last.id} is in progress` };
    const checkedAt = now().toISOString();
    let result: DriftResult;
    try {
      const plan = await options.stacks.plan(instanceStackSpec(options.catalog, instance), instance.cloud, {
        refreshOnly: true,
        deadline: Date.now() + options.timeoutMs,
      });
      const drift = plan.drift ?? [];
      result =
        drift.length === 0
          ? { status: "in_sync", checkedAt }
          : {
              status: "drifted",
              checkedAt,
              resources: drift.map((change) => ({
                address: change.address,
                action: change.action as "update" | "delete" | "replace" | "create",
                attributes: names(change),
              })),
            };
    } catch (error) {
      result = { status: "error", checkedAt, error: (error as Error).message };
    }
    await options.drift.put(instanceId, result);
    options.logger?.info({ instanceId, drift: result.status }, "drift check");
    return { instanceId, result };
  };
  return {
    checkInstance,
    async checkAll() {
      const out: DriftOutcome[] = [];
      for (const id of await options.records.listInstanceIds()) out.push(await checkInstance(id));
      return out;
    },
  };
}

/**
 * Runs `check.checkAll()` every `intervalMs` (DRIFT_INTERVAL_SECONDS; never when 0), never two at
 * once; a failed round is logged. Returns the stop function.
 */
export function startPeriodicDriftChecks(check: DriftCheck, intervalMs: number, logger: Logger): () => void {
  if (intervalMs <= 0) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    check
      .checkAll()
      .catch((error) => logger.warn({ err: error }, "drift check round failed"))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
