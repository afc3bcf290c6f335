import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../state/memory-store.js";
import { createRecords, type OperationRecord, type OperationType, type Records } from "../state/records.js";
import { keys } from "../state/keys.js";
import { decodeJson, type StateStore } from "../state/state-store.js";
import { createSilentLogger } from "../logging/logger.js";
import { readOperationLog } from "./operation-log.js";
import type { JobContext, JobHandler } from "./job.js";
import { createWorker, type Worker } from "./worker.js";

/** A job the test finishes by hand: `release(id)` succeeds it, `fail(id)` fails it. */
function createGatedJobs() {
  const running = new Map<string, { ctx: JobContext; resolve: (d: string) => void; reject: (e: Error) => void }>();
  const started: string[] = [];
  const failed: { id: string; message: string }[] = [];
  let maxRunning = 0;
  const handler: JobHandler = {
    run: (op, ctx) =>
      new Promise<string>((resolve, reject) => {
        started.push(op.id);
        running.set(op.id, { ctx, resolve, reject });
        maxRunning = Math.max(maxRunning, running.size);
        ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason as Error));
      }).finally(() => running.delete(op.id)),
    failed: async (op, message) => {
      failed.push({ id: op.id, message });
    },
  };
  const jobs = { provision: handler, update: handler, deprovision: handler, bind: handler, unbind: handler };
  return {
    jobs,
    running,
    started,
    failed,
    get maxRunning() {
      return maxRunning;
    },
    release: (id: string, description = `${id} done`) => running.get(id)!.resolve(description),
    fail: (id: string, message: string) => running.get(id)!.reject(new Error(message)),
  };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
const settle = () => new Promise((r) => setTimeout(r, 30));

let counter = 0;
async function persistOp(
  records: Records,
  instanceId: string,
  type: OperationType = "provision",
  bindingId?: string,
): Promise<OperationRecord> {
  const now = new Date(Date.UTC(2030, 0, 1, 0, 0, counter++)).toISOString();
  const op: OperationRecord = {
    id: `${type}-${counter}`,
    type,
    instanceId,
    bindingId,
    state: "in progress",
    description: `${type} queued`,
    createdAt: now,
    updatedAt: now,
    attempts: 0,
  };
  await records.putOperation(op);
  return op;
}

function setup(concurrency = 4, store: StateStore = createMemoryStore()) {
  const records = createRecords(store);
  const gated = createGatedJobs();
  const worker: Worker = createWorker({ records, jobs: gated.jobs, concurrency, logger: createSilentLogger() });
  return { records, gated, worker, store };
}

describe("worker", () => {
  it("honours the global concurrency limit", async () => {
    const { records, gated, worker } = setup(2);
    const ops = await Promise.all(["a", "b", "c", "d", "e"].map((i) => persistOp(records, i)));
    ops.forEach((op) => worker.enqueue(op));
    await until(() => gated.running.size === 2, "two running");
    await settle();
    expect(gated.started).toEqual([ops[0].id, ops[1].id]);
    expect(worker.pending).toBe(5);
    gated.release(ops[0].id);
    await until(() => gated.started.length === 3, "the third to start");
    expect(gated.running.size).toBe(2);
    for (const op of ops.slice(1)) {
      await until(() => gated.running.has(op.id), `${op.id} running`);
      gated.release(op.id);
    }
    await until(() => worker.pending === 0, "all done");
    expect(gated.maxRunning).toBe(2);
    for (const op of ops) expect((await records.getOperation(op.instanceId, op.id))?.state).toBe("succeeded");
  });

  it("runs at most one operation per instance, in FIFO order, while other instances proceed", async () => {
    const { records, gated, worker } = setup(4);
    const a1 = await persistOp(records, "inst-a", "provision");
    const a2 = await persistOp(records, "inst-a", "update");
    const a3 = await persistOp(records, "inst-a", "deprovision");
    const b1 = await persistOp(records, "inst-b", "provision");
    [a1, a2, a3, b1].forEach((op) => worker.enqueue(op));
    await until(() => gated.running.size === 2, "a1 and b1 running");
    await settle();
    expect([...gated.running.keys()].sort()).toEqual([a1.id, b1.id].sort());
    gated.release(a1.id);
    await until(() => gated.running.has(a2.id), "a2 running");
    expect(gated.running.has(a3.id)).toBe(false);
    gated.release(a2.id);
    await until(() => gated.running.has(a3.id), "a3 running");
    gated.release(a3.id);
    gated.release(b1.id);
    await until(() => worker.pending === 0, "all done");
    expect(gated.started.filter((id) => id !== b1.id)).toEqual([a1.id, a2.id, a3.id]);
  });

  it("runs operations of different bindings of one instance together, one at a time per binding", async () => {
    const { records, gated, worker } = setup(4);
    const b1 = await persistOp(records, "inst", "bind", "b-1");
    const b2 = await persistOp(records, "inst", "bind", "b-2");
    const b1again = await persistOp(records, "inst", "unbind", "b-1");
    [b1, b2, b1again].forEach((op) => worker.enqueue(op));
    await until(() => gated.running.size === 2, "both bindings running");
    await settle();
    expect(gated.running.has(b1again.id)).toBe(false);
    gated.release(b1.id);
    await until(() => gated.running.has(b1again.id), "the unbind of b-1 running");
    gated.release(b2.id);
    gated.release(b1again.id);
    await until(() => worker.pending === 0, "all done");
  });

  it("completion() resolves with the final record; a failing job ends failed with its message", async () => {
    const { records, gated, worker } = setup();
    const ok = await persistOp(records, "i-ok");
    const bad = await persistOp(records, "i-bad");
    worker.enqueue(ok);
    worker.enqueue(bad);
    const okDone = worker.completion(ok.id);
    const badDone = worker.completion(bad.id);
    await until(() => gated.running.size === 2, "both running");
    gated.release(ok.id, "provisioned");
    gated.fail(bad.id, "terraform said no");
    expect(await okDone).toMatchObject({ id: ok.id, state: "succeeded", description: "provisioned", attempts: 1 });
    expect(await badDone).toMatchObject({ id: bad.id, state: "failed", description: "terraform said no", attempts: 1 });
    expect(await records.getOperation("i-ok", ok.id)).toEqual(await okDone);
    expect(gated.failed).toEqual([{ id: bad.id, message: "terraform said no" }]);
    await expect(worker.completion("never-queued")).rejects.toThrow(/not queued/);
  });

  it("cancel of a running job aborts its signal; it ends failed with the reason", async () => {
    const { records, gated, worker } = setup();
    const op = await persistOp(records, "inst");
    worker.enqueue(op);
    const done = worker.completion(op.id);
    await until(() => gated.running.has(op.id), "running");
    const { signal } = gated.running.get(op.id)!.ctx;
    worker.cancel(op.id, "halted by deprovision dep-1");
    expect(signal.aborted).toBe(true);
    expect(await done).toMatchObject({ state: "failed", description: "halted by deprovision dep-1" });
    expect(gated.failed).toEqual([{ id: op.id, message: "halted by deprovision dep-1" }]);
    expect((await records.getOperation("inst", op.id))?.state).toBe("failed");
  });

  it("cancel of a queued job ends it failed without running it", async () => {
    const { records, gated, worker } = setup(1);
    const first = await persistOp(records, "inst");
    const queued = await persistOp(records, "inst", "update");
    worker.enqueue(first);
    worker.enqueue(queued);
    const done = worker.completion(queued.id);
    await until(() => gated.running.has(first.id), "first running");
    worker.cancel(queued.id, "halted by deprovision dep-2");
    expect(await done).toMatchObject({ id: queued.id, state: "failed", description: "halted by deprovision dep-2" });
    gated.release(first.id);
    await until(() => worker.pending === 0, "all done");
    expect(gated.started).toEqual([first.id]);
    expect(gated.failed).toEqual([{ id: queued.id, message: "halted by deprovision dep-2" }]);
    expect((await records.getOperation("inst", queued.id))?.state).toBe("failed");
  });

  it("a progress update becomes the operation's description, the latest one even when they come fast", async () => {
    const { records, gated, worker } = setup();
    const op = await persistOp(records, "inst");
    worker.enqueue(op);
    await until(() => gated.running.has(op.id), "running");
    const { ctx } = gated.running.get(op.id)!;
    const description = async () => (await records.getOperation("inst", op.id))?.description;
    ctx.progress({ command: "apply", done: 0, total: 3 });
    await until(async () => (await description()) === "applying: 0 of 3 resources done", "first progress");
    // Two more in quick succession: the last one MUST be shown (not dropped by throttling).
    ctx.progress({ command: "apply", done: 1, total: 3 });
    ctx.progress({ command: "apply", done: 2, total: 3 });
    await until(async () => (await description()) === "applying: 2 of 3 resources done", "latest progress", 3_000);
    gated.release(op.id, "provisioned");
    await until(() => worker.pending === 0, "done");
    await settle();
    expect(await description()).toBe("provisioned");
  });

  it("stop() aborts running work without an outcome: operations stay in progress and resume", async () => {
    const { records, gated, worker, store } = setup(1);
    const running = await persistOp(records, "inst-a");
    const queued = await persistOp(records, "inst-b");
    worker.enqueue(running);
    worker.enqueue(queued);
    await until(() => gated.running.has(running.id), "running");
    const { signal } = gated.running.get(running.id)!.ctx;
    await worker.stop();
    expect(signal.aborted).toBe(true);
    expect(gated.failed).toEqual([]);
    expect(gated.started).toEqual([running.id]);
    expect(await records.getOperation("inst-a", running.id)).toMatchObject({ state: "in progress", attempts: 1 });
    expect((await records.getOperation("inst-b", queued.id))?.state).toBe("in progress");
    const log = await readOperationLog(store, "inst-a", running.id);
    expect(log.at(-1)?.message).toContain("interrupted by broker shutdown");

    // The next broker resumes it: attempt 2 of the same operation, same log.
    const next = createGatedJobs();
    const worker2 = createWorker({ records, jobs: next.jobs, logger: createSilentLogger() });
    worker2.enqueue((await records.getOperation("inst-a", running.id))!);
    const done = worker2.completion(running.id);
    await until(() => next.running.has(running.id), "resumed");
    next.release(running.id, "provisioned");
    expect(await done).toMatchObject({ state: "succeeded", attempts: 2 });
    const messages = (await readOperationLog(store, "inst-a", running.id)).map((l) => l.message);
    expect(messages.filter((m) => m.startsWith("attempt "))).toEqual(["attempt 1 started", "attempt 2 started"]);
  });

  it("flushes the operation's log before its outcome is visible (success and failure)", async () => {
    const inner = createMemoryStore();
    const logAtOutcome = new Map<string, string[]>();
    // Records, at the moment an operation's outcome is written, what its log holds.
    const store: StateStore = {
      ...inner,
      get: (k) => inner.get(k),
      create: (k, b) => inner.create(k, b),
      delete: (k) => inner.delete(k),
      list: (p) => inner.list(p),
      async put(key, body) {
        if (key.endsWith(".json") && key.includes("/operations/")) {
          const op = decodeJson<OperationRecord>(body);
          if (op.state !== "in progress") {
            const log = await inner.get(keys.operationLog(op.instanceId, op.id));
            logAtOutcome.set(
              op.id,
              log === undefined
                ? []
                : new TextDecoder()
                    .decode(log)
                    .trim()
                    .split("\n")
                    .map((l) => JSON.parse(l).message),
            );
          }
        }
        return inner.put(key, body);
      },
    };
    const { records, gated, worker } = setup(4, store);
    const ok = await persistOp(records, "i-1");
    const bad = await persistOp(records, "i-2");
    worker.enqueue(ok);
    worker.enqueue(bad);
    await until(() => gated.running.size === 2, "both running");
    gated.running.get(ok.id)!.ctx.log.broker("a line written by the job");
    gated.release(ok.id, "provisioned");
    gated.fail(bad.id, "apply failed");
    await until(() => worker.pending === 0, "done");
    expect(logAtOutcome.get(ok.id)).toEqual([
      "attempt 1 started",
      "a line written by the job",
      "succeeded: provisioned",
    ]);
    expect(logAtOutcome.get(bad.id)).toEqual(["attempt 1 started", "failed: apply failed"]);
  });

  it("a job whose failed() throws still ends failed, and the worker keeps going (running and queued)", async () => {
    const { records, gated, worker } = setup(1);
    const broken = { ...gated.jobs.provision, failed: async () => Promise.reject(new Error("store unavailable")) };
    const worker2 = createWorker({
      records,
      jobs: { ...gated.jobs, provision: broken },
      concurrency: 1,
      logger: createSilentLogger(),
    });
    const running = await persistOp(records, "inst");
    const queued = await persistOp(records, "inst");
    const after = await persistOp(records, "inst", "update");
    [running, queued, after].forEach((op) => worker2.enqueue(op));
    const [runningDone, queuedDone, afterDone] = [running, queued, after].map((op) => worker2.completion(op.id));
    await until(() => gated.running.has(running.id), "running");
    worker2.cancel(queued.id, "halted");
    gated.fail(running.id, "apply failed");
    expect(await runningDone).toMatchObject({ state: "failed", description: "apply failed" });
    expect(await queuedDone).toMatchObject({ state: "failed", description: "halted" });
    await until(() => gated.running.has(after.id), "the next operation of the instance");
    gated.release(after.id);
    expect((await afterDone).state).toBe("succeeded");
    await until(() => worker2.pending === 0, "nothing pending");
    expect(worker.pending).toBe(0);
  });
});
