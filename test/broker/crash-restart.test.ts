import { workDirLeftovers } from "../helpers/work-dir-leftovers.js";
import { afterAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnBroker } from "../helpers/broker-process.js";
import { CREDENTIALS, deletePath, instancePath, provisionBody, testBrokerEnv } from "../helpers/broker-fixture.js";
import { createOsbTestClient } from "../helpers/osb-test-client.js";
import { createFileStore } from "../../src/state/file-store.js";
import { createRecords } from "../../src/state/records.js";
import { readOperationLog } from "../../src/worker/operation-log.js";

const children: ChildProcess[] = [];
let dir = "";
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Starts `openstack-broker serve` on the test's directory. */
async function startBrokerProcess(env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const started = await spawnBroker({ ...testBrokerEnv(dir), ...env });
  children.push(started.child);
  return started;
}

describe("crash safety", () => {
  it("a broker killed (SIGKILL) in the middle of a slow apply resumes it after a restart; no lock is left", async () => {
    dir = await mkdtemp(join(tmpdir(), "osb-crash-"));
    const first = await startBrokerProcess();
    const client = (url: string) =>
      createOsbTestClient({ request: (p, i) => fetch(`${url}${p}`, i), credentials: CREDENTIALS });
    const put = await client(first.url).put(
      instancePath("crash-1"),
      provisionBody({ message: "survives", sleep_seconds: 4 }),
    );
    expect(put.status).toBe(202);
    const { operation } = (await put.json()) as { operation: string };

    const records = createRecords(await createFileStore({ dir: join(dir, "state") }));
    // Kill the broker once terraform is applying and holds the state lock.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const log = await readOperationLog(records.store, "crash-1", operation).catch(() => []);
      if (log.some((line) => line.type === "apply_start")) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await records.store.get("instances/crash-1/tfstate.lock")).toBeDefined();
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    expect((await records.getOperation("crash-1", operation))?.state).toBe("in progress");

    const second = await startBrokerProcess();
    const deadline2 = Date.now() + 60_000;
    let body: Record<string, unknown> = {};
    while (Date.now() < deadline2) {
      const response = await client(second.url).get("/v2/service_instances/crash-1/last_operation");
      body = (await response.json()) as Record<string, unknown>;
      if (body.state !== "in progress") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(body).toEqual({ state: "succeeded", description: "provisioned" });
    const op = await records.getOperation("crash-1", operation);
    expect(op?.attempts).toBe(2);
    expect(await records.store.get("instances/crash-1/tfstate.lock")).toBeUndefined();
    expect(await workDirLeftovers(join(dir, "work"))).toEqual([]);

    // The resumed instance is whole: it deprovisions cleanly.
    expect((await client(second.url).delete(deletePath("crash-1"))).status).toBe(202);
    second.child.kill("SIGTERM");
  });
});

describe("several brokers on one store", () => {
  it("a second broker leaves a live broker's operation alone and takes it over once that broker is killed", async () => {
    dir = await mkdtemp(join(tmpdir(), "osb-two-"));
    const lease = { LEASE_TTL_SECONDS: "2" };
    const a = await startBrokerProcess({ ...lease, BROKER_ID: "broker-a", WORK_DIR: join(dir, "work-a") });
    const client = (url: string) =>
      createOsbTestClient({ request: (p, i) => fetch(`${url}${p}`, i), credentials: CREDENTIALS });
    // 12 s: long enough that A is still applying after B's start and the 3 s below on a loaded machine.
    const put = await client(a.url).put(instancePath("two-1"), provisionBody({ sleep_seconds: 12 }));
    const { operation } = (await put.json()) as { operation: string };
    const b = await startBrokerProcess({ ...lease, BROKER_ID: "broker-b", WORK_DIR: join(dir, "work-b") });
    const records = createRecords(await createFileStore({ dir: join(dir, "state") }));

    // B sees A's records, but while A is alive (its lease renewed) B does not run the operation.
    expect(await (await client(b.url).get("/v2/service_instances/two-1/last_operation")).json()).toMatchObject({
      state: "in progress",
    });
    await new Promise((r) => setTimeout(r, 3000));
    expect((await records.getOperation("two-1", operation))?.attempts).toBe(1);
    // The premise: A is still running the operation when it is killed.
    expect((await records.getOperation("two-1", operation))?.state).toBe("in progress");

    a.child.kill("SIGKILL");
    const deadline = Date.now() + 60_000;
    let body: Record<string, unknown> = {};
    while (Date.now() < deadline) {
      body = (await (await client(b.url).get("/v2/service_instances/two-1/last_operation")).json()) as Record<
        string,
        unknown
      >;
      if (body.state !== "in progress") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(body).toEqual({ state: "succeeded", description: "provisioned" });
    expect((await records.getOperation("two-1", operation))?.attempts).toBe(2);
    expect(await records.store.get("instances/two-1/tfstate.lock")).toBeUndefined();
    b.child.kill("SIGTERM");
  });
});
