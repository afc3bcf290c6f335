import { createBroker } from "../../src/broker/create-broker.js";
import { createFakeOperationQueue, type FakeOperationQueue } from "../../src/broker/fake-operation-queue.js";
import type { BrokerPreview } from "../../src/broker/preview.js";
import type { BrokerRetention } from "../../src/broker/retention.js";
import type { OperationTimes } from "../../src/broker/operation-times.js";
import { timedRecords } from "../../src/broker/timed-records.js";
import type { Catalog } from "../../src/catalog/catalog.js";
import { BrokerError } from "../../src/domain/errors.js";
import type { RequestMeta } from "../../src/domain/request-meta.js";
import type { ServiceBroker } from "../../src/domain/service-broker.js";
import { createSilentLogger } from "../../src/logging/logger.js";
import { createMemoryStore } from "../../src/state/memory-store.js";
import { createRecords, type OperationRecord, type Records } from "../../src/state/records.js";
import type { JobContext } from "../../src/worker/job.js";
import { createJobs } from "../../src/worker/jobs/index.js";
import { createFakeWorkspaceRunner, type FakeWorkspaceRunner } from "../../src/workspace/fake-workspace-runner.js";
import { createPreviewer } from "../../src/workspace/preview.js";
import { createStackRuns } from "../../src/workspace/stack-runs.js";
import { createBrokerUnitCatalog } from "./broker-unit-catalog.js";

/** Request metadata with accepts_incomplete=true. */
export const ASYNC: RequestMeta = { apiVersion: "2.17", acceptsIncomplete: true };
/** Request metadata without accepts_incomplete. */
export const SYNC: RequestMeta = { apiVersion: "2.17", acceptsIncomplete: false };

/**
 * The broker of the unit tests: createBroker over the memory store, the fake operation queue (nothing
 * runs until the test says so) and a previewer over the fake workspace runner. No terraform, no files.
 */
export interface BrokerUnit {
  readonly broker: ServiceBroker & BrokerPreview & BrokerRetention;
  readonly catalog: Catalog;
  readonly records: Records;
  readonly store: ReturnType<typeof createMemoryStore>;
  readonly queue: FakeOperationQueue;
  /** Answers the update's destructive-change plan (`planResult`) and the jobs' runs (`outputs`). */
  readonly runner: FakeWorkspaceRunner;
  /**
   * Plays the worker for one queued operation: runs its real job (src/worker/jobs) over the fake
   * runner, or records its failure when `fail` is given (or the run throws), then writes the
   * operation's outcome and settles the queue's completion, as the worker does.
   */
  finish(operationId: string, options?: FinishOptions): Promise<OperationRecord>;
  /**
   * When set, every operation queued from then on is finished so, right after the broker's enqueue
   * (a synchronous bind or unbind waits for it). Default: unset, operations stay in progress.
   */
  autoFinish: FinishOptions | undefined;
}

/** How {@link BrokerUnit.finish} ends an operation: its job runs, or `fail` is its failure. */
export interface FinishOptions {
  readonly fail?: string;
}

/** Options of {@link createBrokerUnit}. */
export interface BrokerUnitOptions {
  /** Operation times for Retry-After; given, the unit's records feed them (as broker-side.ts wires it). */
  readonly operationTimes?: OperationTimes;
}

export function createBrokerUnit(options: BrokerUnitOptions = {}): BrokerUnit {
  const catalog = createBrokerUnitCatalog();
  const store = createMemoryStore();
  const plain = createRecords(store);
  const records = options.operationTimes === undefined ? plain : timedRecords(plain, options.operationTimes);
  const runner = createFakeWorkspaceRunner();
  const stacks = createStackRuns({ catalog, workspaces: runner });
  const jobs = createJobs({ records, catalog, stacks });

  const finish: BrokerUnit["finish"] = async (operationId, finishOptions = {}) => {
    const queued = queue.enqueued.find((op) => op.id === operationId);
    if (queued === undefined) throw new Error(`operation ${operationId} was never queued`);
    const op = (await records.getOperation(queued.instanceId, operationId)) ?? queued;
    const handler = jobs[op.type];
    let state: "succeeded" | "failed" = "failed";
    let description = finishOptions.fail ?? "";
    if (finishOptions.fail === undefined) {
      try {
        description = await handler.run(op, jobContext());
        state = "succeeded";
      } catch (error) {
        description = (error as Error).message;
      }
    }
    if (state === "failed") await handler.failed(op, description);
    const final: OperationRecord = { ...op, state, description, updatedAt: new Date().toISOString() };
    await records.putOperation(final);
    queue.settle(final);
    return final;
  };

  // Like the worker, after the broker's enqueue returns (the broker writes nothing after it).
  const queue = createFakeOperationQueue({
    onEnqueue: (op) => {
      const auto = unit.autoFinish;
      if (auto !== undefined) void Promise.resolve().then(() => finish(op.id, auto));
    },
  });
  const previewer = createPreviewer({ catalog, stacks, records });
  const broker = createBroker({ catalog, records, worker: queue, previewer, operationTimes: options.operationTimes });
  const unit: BrokerUnit = { broker, catalog, records, store, queue, runner, finish, autoFinish: undefined };
  return unit;
}

function jobContext(): JobContext {
  return {
    logger: createSilentLogger(),
    signal: new AbortController().signal,
    log: { event() {}, broker() {}, flush: async () => {}, close: async () => {} },
    progress: () => {},
    deadline: Date.now() + 60_000,
  };
}

/** The BrokerError a call rejects with (fails the test when it resolves or throws something else). */
export async function refusal(call: Promise<unknown>): Promise<BrokerError> {
  const error = await call.then(
    (value) => new Error(`expected a BrokerError, got ${JSON.stringify(value)}`),
    (caught: unknown) => caught,
  );
  if (!(error instanceof BrokerError)) throw error;
  return error;
}
