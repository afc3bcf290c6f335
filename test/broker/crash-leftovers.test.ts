import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileStore } from "../../src/state/file-store.js";
import { keys } from "../../src/state/keys.js";
import { createRecords, type OperationRecord } from "../../src/state/records.js";
import { encodeJson } from "../../src/state/state-store.js";
import { deletePath, instancePath, provisionBody, startTestBroker } from "../helpers/broker-fixture.js";

/**
 * Issue 12 item 6: what a SIGKILL leaves in the store — the file store's `<key>.<pid>-<hex>.tmp`
 * files (a state's copy among them) and the `.lease` objects of operations that had finished — is
 * removed at start-up and by a deprovision; the lease of an operation still running is not.
 */
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
const deadPid = () => spawnSync("true").pid!;
const now = () => new Date().toISOString();
const operation = (instanceId: string, id: string, state: OperationRecord["state"]): OperationRecord => ({
  id,
  type: "provision",
  instanceId,
  state,
  description: state,
  createdAt: now(),
  updatedAt: now(),
  attempts: 1,
});
const lease = (owner: string, ttlMs: number) =>
  encodeJson({ owner, expiresAt: new Date(Date.now() + ttlMs).toISOString(), info: { broker: owner } });

/** Every file under `dir`, relative, including those `list` hides. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe("leftovers of a kill", () => {
  it("start-up removes dead writers' temp files and finished operations' leases, and keeps a running operation's lease", async () => {
    const dir = await mkdtemp(join(tmpdir(), "osb-leftovers-"));
    dirs.push(dir);
    const stateDir = join(dir, "state");
    const records = createRecords(await createFileStore({ dir: stateDir }));
    // done-1: provisioned; its lease survived the kill that came right after the outcome was written.
    await records.putOperation(operation("done-1", "op-done", "succeeded"));
    await records.store.put(keys.operationLease("done-1", "op-done"), lease("dead-broker", 3_600_000));
    // A lease whose operation record is gone (or was never written: its broker died between the
    // lease and the record, Worker.submit), expired.
    await records.store.put(keys.operationLease("done-1", "op-gone"), lease("dead-broker", -1000));
    // A live lease without its record: another broker is writing a new operation right now (kept).
    await records.store.put(keys.operationLease("done-1", "op-new"), lease("other-live-broker", 3_600_000));
    // busy-1: another broker is running its provision right now (a live lease).
    await records.putOperation(operation("busy-1", "op-busy", "in progress"));
    await records.putInstance({
      id: "busy-1",
      serviceId: "s",
      planId: "p",
      parameters: {},
      values: {},
      status: "provisioning",
      outputs: {},
      secrets: {},
      lastOperationId: "op-busy",
      createdAt: now(),
    });
    await records.store.put(keys.operationLease("busy-1", "op-busy"), lease("other-live-broker", 3_600_000));
    // Temp files of a writer killed between write and rename: one holds a copy of a state.
    await mkdir(join(stateDir, "instances/done-1"), { recursive: true });
    await writeFile(join(stateDir, `instances/done-1/tfstate.${deadPid()}-0123456789ab.tmp`), '{"secret":"x"}');
    await writeFile(join(stateDir, `instances/done-1/record.json.${deadPid()}-0123456789ab.tmp`), "{}");

    const t = await startTestBroker({ dir });
    try {
      expect(await filesUnder(stateDir)).toEqual([
        "instances/busy-1/operations/op-busy.json",
        "instances/busy-1/operations/op-busy.lease",
        "instances/busy-1/record.json",
        "instances/done-1/operations/op-done.json",
        "instances/done-1/operations/op-new.lease",
      ]);
    } finally {
      await t.close();
    }
  });

  it("a deprovision removes its instance's leftover temp files and finished leases", async () => {
    const t = await startTestBroker();
    dirs.push(t.dir);
    try {
      const stateDir = t.config.stateDir;
      expect((await t.client.put(instancePath("gone-1"), provisionBody({}))).status).toBe(202);
      expect((await t.waitForInstance("gone-1")).body.state).toBe("succeeded");
      const [provision] = await t.broker.records.listOperations("gone-1");
      // As if killed after the outcome and before the release, and during a state write.
      await t.broker.records.store.put(keys.operationLease("gone-1", provision.id), lease("earlier", 3_600_000));
      await writeFile(join(stateDir, `instances/gone-1/tfstate.${deadPid()}-0123456789ab.tmp`), '{"secret":"x"}');

      expect((await t.client.delete(deletePath("gone-1"))).status).toBe(202);
      expect((await t.waitForInstance("gone-1")).status).toBe(410);
      // The deprovision's own lease is released just after its outcome is written (which the 410 shows).
      const leftovers = async () =>
        (await filesUnder(join(stateDir, "instances/gone-1"))).filter(
          (f) => f.endsWith(".tmp") || f.endsWith(".lease"),
        );
      const deadline = Date.now() + 10_000;
      while ((await leftovers()).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await leftovers()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
