import { describe, expect, it } from "vitest";
import { type BrokerMetrics, noMetrics } from "../domain/metrics.js";
import { createSilentLogger } from "../logging/logger.js";
import { keys } from "../state/keys.js";
import { createMemoryStore } from "../state/memory-store.js";
import { createRecords, type OperationRecord, type Records } from "../state/records.js";
import type { JobContext, JobHandler } from "./job.js";
import { createWorker } from "./worker.js";

/** Jobs the test ends by hand (`release`), or that wait until aborted. */
function gatedJobs() {
  const running = new Map<string, { ctx: JobContext; resolve: (d: string) => void }>();
  const failed: string[] = [];
  const handler: JobHandler = {
    run: (op, ctx) =>
      new Promise<string>((resolve, reject) => {
        running.set(op.id, { ctx, resolve });
        ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason as Error));
      }).finally(() => running.delete(op.id)),
    failed: async (op) => void failed.push(op.id),
  };
  const jobs = { provision: handler, update: handler, deprovision: handler, bind: handler, unbind: handler };
  return { jobs, running, failed, release: (id: string) => running.get(id)?.resolve(`${id} done`) };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}

let counter = 0;
async function persisted(records: Records, instanceId: string): Promise<OperationRecord> {
  const now = new Date(Date.UTC(2030, 0, 1, 0, 0, counter++)).toISOString();
  const op: OperationRecord = {
    id: `provision-${counter}`,
    type: "provision",
    instanceId,
    state: "in progress",
    description: "queued",
    createdAt: now,
    updatedAt: now,
    attempts: 0,
  };
  await records.putOperation(op);
  return op;
}

function setup() {
  const records = createRecords(createMemoryStore());
  const gated = gatedJobs();
  const ended: [string, string][] = [];
  const queues: [number, number][] = [];
  const metrics: BrokerMetrics = {
    ...noMetrics,
    operationEnded: (type, outcome) => void ended.push([type, outcome]),
    workerQueue: (queued, running) => void queues.push([queued, running]),
  };
  const worker = createWorker({ records, jobs: gated.jobs, concurrency: 1, logger: createSilentLogger(), metrics });
  return { records, gated, worker, ended, queues };
}

describe("worker.drain (graceful shutdown)", () => {
  it("starts nothing more, lets the running operation finish within the grace, then stops", async () => {
    const { records, gated, worker, ended, queues } = setup();
    const a = await persisted(records, "a");
    const b = await persisted(records, "b");
    worker.enqueue(a);
    worker.enqueue(b);
    await until(() => gated.running.has(a.id));
    expect(queues.at(-1)).toEqual([1, 1]);
    const drained = worker.drain(600_000);
    gated.release(a.id);
    expect(await drained).toBe(0);
    expect(gated.running.has(b.id)).toBe(false);
    expect((await records.getOperation("a", a.id))?.state).toBe("succeeded");
    // Never started: left in progress, without a lease, for the next start to resume.
    expect(await records.getOperation("b", b.id)).toMatchObject({ state: "in progress", attempts: 0 });
    expect(await records.store.get(keys.operationLease("a", a.id))).toBeUndefined();
    expect(await records.store.get(keys.operationLease("b", b.id))).toBeUndefined();
    expect(ended).toEqual([["provision", "succeeded"]]);
  });

  it("after the grace, interrupts what still runs: no outcome recorded, the lease released", async () => {
    const { records, gated, worker, ended } = setup();
    const a = await persisted(records, "a");
    worker.enqueue(a);
    await until(() => gated.running.has(a.id));
    expect(await worker.drain(20)).toBe(1);
    expect(gated.running.size).toBe(0);
    expect(await records.getOperation("a", a.id)).toMatchObject({ state: "in progress", attempts: 1 });
    expect(gated.failed).toEqual([]);
    expect(await records.store.get(keys.operationLease("a", a.id))).toBeUndefined();
    expect(ended).toEqual([["provision", "interrupted"]]);
  });
});
