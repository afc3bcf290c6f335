import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../state/memory-store.js";
import { createRecords, type OperationRecord } from "../state/records.js";
import { keys } from "../state/keys.js";
import { createSilentLogger } from "../logging/logger.js";
import type { JobHandler } from "./job.js";
import { createWorker } from "./worker.js";

const op: OperationRecord = {
  id: "provision-1",
  type: "provision",
  instanceId: "i-1",
  state: "in progress",
  description: "provision queued",
  createdAt: "2030-01-01T00:00:00.000Z",
  updatedAt: "2030-01-01T00:00:00.000Z",
  attempts: 0,
};

describe("the attempt count write", () => {
  it("runs while the job starts, and the outcome is written after it (the last write, with the count)", async () => {
    const store = createMemoryStore();
    const put = store.put.bind(store);
    let releaseStarted!: () => void;
    const startedGate = new Promise<void>((resolve) => (releaseStarted = resolve));
    const written: OperationRecord[] = [];
    const opKey = keys.operation("i-1", op.id);
    store.put = async (key, body) => {
      if (key === opKey) {
        const record = JSON.parse(new TextDecoder().decode(body)) as OperationRecord;
        if (record.state === "in progress" && record.attempts === 1) await startedGate;
        await put(key, body);
        written.push(record);
        return;
      }
      await put(key, body);
    };
    const records = createRecords(store);
    await records.putOperation(op);
    written.length = 0;
    let jobStarted = false;
    const handler: JobHandler = {
      run: async () => {
        jobStarted = true;
        return "provisioned";
      },
      failed: async () => undefined,
    };
    const jobs = { provision: handler, update: handler, deprovision: handler, bind: handler, unbind: handler };
    const worker = createWorker({ records, jobs, logger: createSilentLogger(), brokerId: "b-1" });
    worker.enqueue(op);
    const done = worker.completion(op.id);
    const deadline = Date.now() + 5_000;
    while (!jobStarted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    // The job ran although the attempt count is not written yet; the outcome waits for it.
    expect(jobStarted).toBe(true);
    expect(written).toEqual([]);
    releaseStarted();
    const final = await done;
    expect(final).toMatchObject({ state: "succeeded", attempts: 1 });
    expect(written.map((r) => [r.state, r.attempts])).toEqual([
      ["in progress", 1],
      ["succeeded", 1],
    ]);
  });
});
