import { describe, expect, it } from "vitest";
import { createSilentLogger } from "../logging/logger.js";
import { createMemoryStore } from "../state/memory-store.js";
import { createRecords, type OperationRecord } from "../state/records.js";
import type { StateStore } from "../state/state-store.js";
import { StoreUnavailableError } from "../state/store-errors.js";
import type { JobHandler } from "./job.js";
import { readOperationLog } from "./operation-log.js";
import { retryWhileStoreUnavailable, withStoreRetries } from "./store-retry.js";
import { createWorker } from "./worker.js";

/**
 * Issue 12 item 4: terraform had applied and the state was saved, but an operation-log write gave up
 * during a long store outage and the operation was marked failed. Log writes never decide the
 * outcome; the outcome write retries (with backoff, longer than the lease) until the store is back.
 */

/** A memory store that throws StoreUnavailableError while `refuse(method, key)` says so. */
function flakyStore(): StateStore & { refuse: (method: string, key: string) => boolean; refused: number } {
  const inner = createMemoryStore();
  const store = {
    refuse: (_method: string, _key: string) => false,
    refused: 0,
    description: "flaky",
    get: (key: string) => guard("get", key, () => inner.get(key)),
    put: (key: string, body: Uint8Array) => guard("put", key, () => inner.put(key, body)),
    create: (key: string, body: Uint8Array) => guard("create", key, () => inner.create(key, body)),
    delete: (key: string) => guard("delete", key, () => inner.delete(key)),
    list: (prefix: string) => guard("list", prefix, () => inner.list(prefix)),
  };
  async function guard<T>(method: string, key: string, call: () => Promise<T>): Promise<T> {
    if (store.refuse(method, key)) {
      store.refused++;
      throw new StoreUnavailableError("Swift unreachable after 10 attempt(s)", 503);
    }
    return call();
  }
  return store;
}

const op: OperationRecord = {
  id: "provision-1",
  type: "provision",
  instanceId: "i1",
  state: "in progress",
  description: "provision queued",
  createdAt: "2030-01-01T00:00:00.000Z",
  updatedAt: "2030-01-01T00:00:00.000Z",
  attempts: 0,
};

async function runOnce(store: StateStore, job: JobHandler, leaseTtlMs = 150) {
  const records = createRecords(store);
  await records.putOperation(op);
  const worker = createWorker({
    records,
    jobs: { provision: job, update: job, deprovision: job, bind: job, unbind: job },
    logger: createSilentLogger(),
    leaseTtlMs,
    storeRetry: { forMs: 60_000, baseDelayMs: 10, maxDelayMs: 50 },
  });
  worker.enqueue(op);
  while (worker.pending > 0) await new Promise((r) => setTimeout(r, 10));
  return records.getOperation(op.instanceId, op.id);
}

describe("a store outage during an operation", () => {
  it("every operation-log write refused: the operation that succeeded is recorded succeeded", async () => {
    const store = flakyStore();
    store.refuse = (_method, key) => key.endsWith(".log");
    const job: JobHandler = {
      async run(_op, ctx) {
        ctx.log.broker("terraform applied");
        await ctx.log.flush();
        return "provisioned";
      },
      failed: async () => undefined,
    };
    expect(await runOnce(store, job)).toMatchObject({ state: "succeeded", description: "provisioned" });
    expect(store.refused).toBeGreaterThan(0);
  });

  it("the whole store out after the job, for longer than the lease: the outcome is written once it is back", async () => {
    const store = flakyStore();
    let outageCalls = 0;
    const job: JobHandler = {
      async run() {
        // The store goes out as terraform finishes; it answers again after 12 refused calls.
        store.refuse = () => outageCalls++ < 12;
        return "provisioned";
      },
      failed: async () => undefined,
    };
    // 12 refusals at backoff 10, 20, 40, 50, 50... ms outlast the 40 ms lease.
    expect(await runOnce(store, job, 40)).toMatchObject({
      state: "succeeded",
      description: "provisioned",
      attempts: 1,
    });
    expect(outageCalls).toBeGreaterThan(12);
    const log = await readOperationLog(store, "i1", "provision-1");
    expect(log.map((line) => line.message)).toContain("succeeded: provisioned");
  });

  it("a log whose earlier attempts could not be read is never overwritten; its lines are kept", async () => {
    const store = flakyStore();
    const records = createRecords(store);
    await store.put("instances/i1/operations/provision-1.log", new TextEncoder().encode('{"message":"attempt 1"}\n'));
    let reads = 0;
    store.refuse = (method, key) => method === "get" && key.endsWith(".log") && reads++ < 1;
    const job: JobHandler = { run: async () => "provisioned", failed: async () => undefined };
    await records.putOperation(op);
    expect(await runOnce(store, job)).toMatchObject({ state: "succeeded" });
    const messages = (await readOperationLog(store, "i1", "provision-1")).map((line) => line.message);
    expect(messages[0]).toBe("attempt 1");
    expect(messages).toContain("succeeded: provisioned");
  });
});

describe("store retries", () => {
  it("retry only StoreUnavailableError, for at most forMs, and stop when told", async () => {
    let calls = 0;
    const flaky = () => (calls++ < 3 ? Promise.reject(new StoreUnavailableError("out")) : Promise.resolve("ok"));
    expect(await retryWhileStoreUnavailable(flaky, { forMs: 10_000, baseDelayMs: 1 })).toBe("ok");
    const other = retryWhileStoreUnavailable(() => Promise.reject(new Error("EACCES")), { forMs: 10_000 });
    await expect(other).rejects.toThrow("EACCES");
    const stopped = retryWhileStoreUnavailable(() => Promise.reject(new StoreUnavailableError("out")), {
      forMs: 10_000,
      stop: () => true,
    });
    await expect(stopped).rejects.toBeInstanceOf(StoreUnavailableError);
    const bounded = retryWhileStoreUnavailable(() => Promise.reject(new StoreUnavailableError("out")), {
      forMs: 30,
      baseDelayMs: 5,
    });
    await expect(bounded).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it("the jobs' records: a record write during an outage lands once the store is back", async () => {
    const store = flakyStore();
    let refusals = 3;
    store.refuse = (method) => method === "put" && refusals-- > 0;
    const records = withStoreRetries(createRecords(store), { forMs: 10_000, baseDelayMs: 1 });
    await records.putOperation(op);
    expect(await records.getOperation("i1", "provision-1")).toMatchObject({ id: "provision-1" });
    expect(store.refused).toBe(3);
  });
});
