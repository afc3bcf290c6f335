import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createOsbTestClient } from "../helpers/osb-test-client.js";
import { createFileStore } from "../../src/state/file-store.js";
import { keys } from "../../src/state/keys.js";
import { createRecords, type Records } from "../../src/state/records.js";
import { readOperationLog } from "../../src/worker/operation-log.js";
import {
  CREDENTIALS,
  instancePath,
  pollLastOperation,
  provisionBody,
  testBrokerEnv,
} from "../helpers/broker-fixture.js";
import { spawnBroker } from "../helpers/broker-process.js";

/** issue 13 item 3: SIGTERM drains, then interrupts, releases the lease and exits 0; the next broker resumes. */
const children: ChildProcess[] = [];
let dir = "";
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = "";
});

const clientOf = (url: string) =>
  createOsbTestClient({ request: (p, i) => fetch(`${url}${p}`, i), credentials: CREDENTIALS });

async function start(env: Record<string, string>) {
  const started = await spawnBroker({ ...testBrokerEnv(dir), LOG_LEVEL: "info", ...env });
  children.push(started.child);
  const exit = new Promise<number | null>((resolve) => started.child.once("exit", (code) => resolve(code)));
  return { ...started, exit, client: clientOf(started.url) };
}

/** Waits until terraform is applying the operation (its log has apply_start). */
async function untilApplying(records: Records, instanceId: string, operation: string): Promise<void> {
  for (;;) {
    const log = await readOperationLog(records.store, instanceId, operation).catch(() => []);
    if (log.some((line) => line.type === "apply_start")) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls /readyz until it answers 503 (the broker took the SIGTERM). */
async function untilNotReady(url: string): Promise<Response> {
  for (;;) {
    const res = await fetch(`${url}/readyz`);
    if (res.status === 503) return res;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("graceful shutdown (SIGTERM)", () => {
  it("refuses new operations, keeps reads, interrupts the slow apply after the grace, releases the lease, exits 0; the next broker completes it", async () => {
    dir = await mkdtemp(join(tmpdir(), "osb-sigterm-"));
    const records = createRecords(await createFileStore({ dir: join(dir, "state") }));
    const first = await start({ BROKER_ID: "broker-a", SHUTDOWN_GRACE_SECONDS: "3", WORK_DIR: join(dir, "work-a") });
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    const put = await first.client.put(instancePath("slow-1"), provisionBody({ message: "slow", sleep_seconds: 12 }));
    expect(put.status).toBe(202);
    const { operation } = (await put.json()) as { operation: string };
    await untilApplying(records, "slow-1", operation);

    first.child.kill("SIGTERM");
    expect(await (await untilNotReady(first.url)).json()).toEqual({ status: "unavailable" });
    const refused = await first.client.put(instancePath("new-1"), provisionBody({ message: "late" }));
    expect(refused.status).toBe(503);
    expect(refused.headers.get("Retry-After")).toBe("30");
    expect(await refused.json()).toEqual({ description: "the broker is shutting down; retry the request later" });
    const read = await first.client.get("/v2/service_instances/slow-1/last_operation");
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ state: "in progress" });

    expect(await first.exit).toBe(0);
    expect((await records.getOperation("slow-1", operation))?.state).toBe("in progress");
    expect(await records.store.get(keys.operationLease("slow-1", operation))).toBeUndefined();
    expect(await records.getInstance("new-1")).toBeUndefined();
    const log = await readOperationLog(records.store, "slow-1", operation);
    expect(log.some((line) => /interrupted by broker shutdown; will resume/.test(JSON.stringify(line)))).toBe(true);

    // Another broker id: it resumes because the lease was released, not because it is the same owner.
    const second = await start({ BROKER_ID: "broker-b", WORK_DIR: join(dir, "work-b") });
    const done = await pollLastOperation(second.client, "/v2/service_instances/slow-1/last_operation", 120_000);
    expect(done.body).toEqual({ state: "succeeded", description: "provisioned" });
    expect((await records.getOperation("slow-1", operation))?.attempts).toBe(2);
    const metrics = await fetch(`${second.url}/metrics`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString("base64")}`,
      },
    });
    expect(await metrics.text()).toMatch(/^openstack_broker_lease_takeovers_total 0$/m);
  }, 180_000);

  it("an operation that ends within the grace period is recorded, then the broker exits 0", async () => {
    dir = await mkdtemp(join(tmpdir(), "osb-sigterm-"));
    const records = createRecords(await createFileStore({ dir: join(dir, "state") }));
    const broker = await start({ SHUTDOWN_GRACE_SECONDS: "120" });
    const put = await broker.client.put(instancePath("short-1"), provisionBody({ message: "short", sleep_seconds: 3 }));
    const { operation } = (await put.json()) as { operation: string };
    await untilApplying(records, "short-1", operation);
    broker.child.kill("SIGTERM");
    expect(await broker.exit).toBe(0);
    const op = await records.getOperation("short-1", operation);
    expect(op).toMatchObject({ state: "succeeded", attempts: 1 });
    expect(await records.store.get(keys.operationLease("short-1", operation))).toBeUndefined();
  }, 180_000);
});
