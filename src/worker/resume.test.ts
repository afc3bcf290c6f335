import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../state/memory-store.js";
import {
  createRecords,
  type InstanceRecord,
  type BindingRecord,
  type OperationRecord,
  type OperationType,
  type Records,
} from "../state/records.js";
import { keys } from "../state/keys.js";
import { acquireLock, readLock } from "../state/locks.js";
import { createSilentLogger } from "../logging/logger.js";
import type { JobHandler } from "./job.js";
import { createWorker } from "./worker.js";
import { resumeOperations } from "./resume.js";

const BROKER = "broker-test";
let clock = 0;
const at = () => new Date(Date.UTC(2030, 0, 1, 0, 0, clock++)).toISOString();

function instance(
  id: string,
  lastOperationId: string,
  status: InstanceRecord["status"] = "provisioning",
): InstanceRecord {
  return {
    id,
    serviceId: "s",
    planId: "p",
    parameters: {},
    values: {},
    status,
    outputs: {},
    secrets: {},
    lastOperationId,
    createdAt: at(),
  };
}
function binding(instanceId: string, id: string, lastOperationId: string): BindingRecord {
  return {
    id,
    instanceId,
    serviceId: "s",
    planId: "p",
    parameters: {},
    values: {},
    status: "binding",
    credentials: {},
    secrets: {},
    lastOperationId,
    createdAt: at(),
  };
}
function operation(instanceId: string, type: OperationType, extra: Partial<OperationRecord> = {}): OperationRecord {
  const now = at();
  return {
    id: `${type}-${clock}`,
    type,
    instanceId,
    state: "in progress",
    description: `${type} queued`,
    createdAt: now,
    updatedAt: now,
    attempts: 1,
    ...extra,
  };
}

/** Jobs that succeed at once and record what they saw when they started. */
function createRecordingJobs(records: Records) {
  const ran: { id: string; attempts: number; locks: (string | undefined)[] }[] = [];
  const failed: { id: string; message: string }[] = [];
  const handler: JobHandler = {
    async run(op) {
      const refs = [
        { instanceId: op.instanceId, bindingId: op.bindingId },
        ...(await records.listBindings(op.instanceId)).map((b) => ({ instanceId: op.instanceId, bindingId: b.id })),
      ];
      const locks = await Promise.all(
        refs.map(async (ref) => (await readLock(records.store, keys.tfstateLock(ref)))?.owner),
      );
      ran.push({ id: op.id, attempts: op.attempts, locks });
      return `${op.type} done`;
    },
    async failed(op, message) {
      failed.push({ id: op.id, message });
    },
  };
  return {
    jobs: { provision: handler, update: handler, deprovision: handler, bind: handler, unbind: handler },
    ran,
    failed,
  };
}

function setup() {
  const records = createRecords(createMemoryStore());
  const recorded = createRecordingJobs(records);
  const worker = createWorker({ records, jobs: recorded.jobs, logger: createSilentLogger(), brokerId: BROKER });
  const resume = () =>
    resumeOperations({
      records,
      worker,
      jobs: recorded.jobs,
      logger: createSilentLogger(),
      brokerId: BROKER,
      leaseTtlMs: 30_000,
    });
  const settled = async () => {
    for (let i = 0; i < 500 && (worker.pending > 0 || (await records.listUnfinishedOperations()).length > 0); i++)
      await new Promise((r) => setTimeout(r, 5));
  };
  return { records, worker, resume, settled, ...recorded };
}

describe("resumeOperations", () => {
  it("queues unfinished operations again (attempts counted) and leaves finished ones alone", async () => {
    const { records, resume, settled, ran } = setup();
    const done = operation("inst-a", "provision", { state: "succeeded", description: "provisioned" });
    const unfinished = operation("inst-a", "update");
    await records.putOperation(done);
    await records.putOperation(unfinished);
    await records.putInstance(instance("inst-a", unfinished.id, "updating"));
    expect(await resume()).toBe(1);
    await settled();
    expect(ran.map((r) => [r.id, r.attempts])).toEqual([[unfinished.id, 2]]);
    expect(await records.getOperation("inst-a", unfinished.id)).toMatchObject({
      state: "succeeded",
      attempts: 2,
      description: "update done",
    });
    expect(await records.getOperation("inst-a", done.id)).toEqual(done);
    // Nothing left to resume; the lease was released.
    expect(await resume()).toBe(0);
    expect(await records.store.list("instances/inst-a/operations/")).toEqual(
      [
        keys.operation("inst-a", done.id),
        keys.operation("inst-a", unfinished.id),
        keys.operationLog("inst-a", unfinished.id),
      ].sort(),
    );
  });

  it("breaks the terraform state lock left by the dead run before running again (and its bindings' for a deprovision)", async () => {
    const { records, resume, settled, ran } = setup();
    const dep = operation("inst-d", "deprovision");
    await records.putOperation(dep);
    await records.putInstance(instance("inst-d", dep.id, "deprovisioning"));
    await records.putBinding({ ...binding("inst-d", "b-1", "bind-old"), status: "ready" });
    await acquireLock(records.store, keys.tfstateLock({ instanceId: "inst-d" }), { owner: "dead-run" });
    await acquireLock(records.store, keys.tfstateLock({ instanceId: "inst-d", bindingId: "b-1" }), {
      owner: "dead-run-b",
    });
    // Another instance's lock, with nothing to resume, is not touched.
    await acquireLock(records.store, keys.tfstateLock({ instanceId: "other" }), { owner: "live-run" });
    expect(await resume()).toBe(1);
    await settled();
    expect(ran).toEqual([{ id: dep.id, attempts: 2, locks: [undefined, undefined] }]);
    expect((await readLock(records.store, keys.tfstateLock({ instanceId: "other" })))?.owner).toBe("live-run");
  });

  it("a provision superseded by a later deprovision ends failed 'halted by deprovision'; the deprovision runs", async () => {
    const { records, resume, settled, ran, failed } = setup();
    const prov = operation("inst-h", "provision", { attempts: 1 });
    const dep = operation("inst-h", "deprovision", { attempts: 0 });
    await records.putOperation(prov);
    await records.putOperation(dep);
    await records.putInstance(instance("inst-h", dep.id, "deprovisioning"));
    expect(await resume()).toBe(1);
    await settled();
    expect(await records.getOperation("inst-h", prov.id)).toMatchObject({
      state: "failed",
      description: "halted by deprovision",
    });
    expect(failed).toEqual([{ id: prov.id, message: "halted by deprovision" }]);
    expect(ran.map((r) => r.id)).toEqual([dep.id]);
    expect((await records.getOperation("inst-h", dep.id))?.state).toBe("succeeded");
  });

  it("an operation whose instance or binding record is missing ends failed without running", async () => {
    const { records, resume, settled, ran, failed } = setup();
    const orphanProvision = operation("inst-never", "provision");
    const bindOp = operation("inst-b", "bind", { bindingId: "b-never" });
    const prov = operation("inst-b", "provision", { state: "succeeded" });
    await records.putOperation(orphanProvision);
    await records.putOperation(prov);
    await records.putOperation(bindOp);
    await records.putInstance(instance("inst-b", prov.id, "ready"));
    expect(await resume()).toBe(0);
    await settled();
    expect(ran).toEqual([]);
    for (const op of [orphanProvision, bindOp]) {
      expect(await records.getOperation(op.instanceId, op.id)).toMatchObject({
        state: "failed",
        description: expect.stringContaining("nothing was created"),
      });
    }
    expect(failed.map((f) => f.id).sort()).toEqual([orphanProvision.id, bindOp.id].sort());
  });

  it("skips an operation another live broker holds the lease of, without breaking its state lock", async () => {
    const { records, resume, ran } = setup();
    const op = operation("inst-l", "provision");
    await records.putOperation(op);
    await records.putInstance(instance("inst-l", op.id));
    await acquireLock(records.store, keys.operationLease("inst-l", op.id), { owner: "broker-other", ttlMs: 60_000 });
    await acquireLock(records.store, keys.tfstateLock({ instanceId: "inst-l" }), { owner: "other-broker-run" });
    expect(await resume()).toBe(0);
    await new Promise((r) => setTimeout(r, 30));
    expect(ran).toEqual([]);
    expect((await records.getOperation("inst-l", op.id))?.state).toBe("in progress");
    expect((await readLock(records.store, keys.tfstateLock({ instanceId: "inst-l" })))?.owner).toBe("other-broker-run");
  });
});
