import { join, resolve } from "node:path";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { createBroker } from "../../src/broker/create-broker.js";
import type { Catalog } from "../../src/catalog/catalog.js";
import { loadCatalog } from "../../src/catalog/load-catalog.js";
import { createOsbApp } from "../../src/http/create-osb-app.js";
import { createOsbTestClient, type OsbTestClient } from "../helpers/osb-test-client.js";
import { createPreviewRoutes } from "../../src/http/preview-routes.js";
import { createMemoryStore } from "../../src/state/memory-store.js";
import { createRecords, type InstanceRecord, type Records } from "../../src/state/records.js";
import type { Worker } from "../../src/worker/worker.js";
import { createFakeWorkspaceRunner, type FakeWorkspaceRunner } from "../../src/workspace/fake-workspace-runner.js";
import { createPreviewer } from "../../src/workspace/preview.js";
import { createPreviewPool } from "../../src/workspace/preview-pool.js";
import { createStackRuns } from "../../src/workspace/stack-runs.js";
import { PLAN_ID, SERVICE_ID } from "../helpers/broker-fixture.js";

/**
 * No terraform in a request handler: the update's destructive-change check (PATCH) and
 * `POST /x-preview` wait for a plan from the bounded preview pool (src/workspace/preview-pool.ts).
 * The real broker, OSB app and preview routes over the fake workspace runner, whose plans can be held.
 */
const ROOT = resolve(import.meta.dirname, "../..");
const CREDENTIALS = { username: "broker", password: "pool-test-password" };

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog({ catalogDir: join(ROOT, "test/fixtures/catalog"), stacksDir: join(ROOT, "stacks") });
});

interface Setup {
  readonly client: OsbTestClient;
  readonly records: Records;
  readonly workspaces: FakeWorkspaceRunner;
  readonly enqueued: string[];
  preview(instanceId: string, body: unknown): Promise<Response>;
}

async function setUp(pool: { concurrency: number; timeoutMs: number }): Promise<Setup> {
  const records = createRecords(createMemoryStore());
  const workspaces = createFakeWorkspaceRunner();
  const stacks = createStackRuns({ catalog, workspaces });
  const previews = createPreviewPool({ previewer: createPreviewer({ catalog, stacks, records }), ...pool });
  const enqueued: string[] = [];
  const worker = {
    submit: async (op: { id: string }, persist: () => Promise<void>) => {
      await persist();
      enqueued.push(op.id);
    },
    enqueue: (op: { id: string }) => void enqueued.push(op.id),
    has: () => false,
    pending: 0,
  } as unknown as Worker;
  const broker = createBroker({ catalog, records, worker, previewer: previews });
  const app = new Hono();
  app.route("/", createOsbApp({ broker, credentials: CREDENTIALS }));
  app.route("/", createPreviewRoutes({ broker, credentials: CREDENTIALS }));
  const request = (path: string, init?: RequestInit) => Promise.resolve(app.request(path, init));
  for (const id of ["db1", "db2", "db3"]) await records.putInstance(instance(id));
  await records.putOperation({
    id: "provision-1",
    type: "provision",
    instanceId: "db1",
    state: "succeeded",
    description: "provisioned",
    createdAt: NOW,
    updatedAt: NOW,
    attempts: 1,
  });
  const auth = `Basic ${Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString("base64")}`;
  return {
    client: createOsbTestClient({ request, credentials: CREDENTIALS }),
    records,
    workspaces,
    enqueued,
    preview: (id, body) =>
      request(`/x-preview/service_instances/${id}`, {
        method: "POST",
        headers: { authorization: auth, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
  };
}

const NOW = new Date().toISOString();
function instance(id: string): InstanceRecord {
  const values = { message: "hello", sleep_seconds: 0, fail_after_first: false };
  return {
    id,
    serviceId: SERVICE_ID,
    planId: PLAN_ID,
    parameters: {},
    values,
    status: "ready",
    outputs: {},
    secrets: {},
    lastOperationId: "provision-1",
    createdAt: NOW,
  };
}
const patch = (t: Setup, id: string, message = "changed") =>
  t.client.patch(`/v2/service_instances/${id}?accepts_incomplete=true`, {
    service_id: SERVICE_ID,
    parameters: { message },
  });

describe("the update's plan goes through the preview pool", () => {
  it("a slow plan blocks no other request: catalog, polls, provisions and other instances' updates answer meanwhile", async () => {
    const t = await setUp({ concurrency: 2, timeoutMs: 600_000 });
    const held = t.workspaces.hold("plan");
    const slow = patch(t, "db1");
    await expect.poll(() => t.workspaces.inFlight("plan")).toBe(1);

    expect((await t.client.get("/v2/catalog")).status).toBe(200);
    expect((await t.client.get("/v2/service_instances/db1/last_operation")).status).toBe(200);
    expect((await t.client.get("/v2/service_instances/db2")).status).toBe(200);
    const provision = await t.client.put("/v2/service_instances/new1?accepts_incomplete=true", {
      service_id: SERVICE_ID,
      plan_id: PLAN_ID,
      organization_guid: "org",
      space_guid: "space",
      parameters: {},
    });
    expect(provision.status).toBe(202);
    const other = patch(t, "db2");
    await expect.poll(() => t.workspaces.inFlight("plan")).toBe(2);
    // Both updates still wait for their plans; nothing of them was enqueued.
    expect(t.enqueued.filter((id) => id.startsWith("update-"))).toEqual([]);

    held.release();
    expect((await slow).status).toBe(202);
    expect((await other).status).toBe(202);
    expect(t.enqueued.filter((id) => id.startsWith("update-"))).toHaveLength(2);
  });

  it("a full pool answers 503 at once, changing nothing; the preview route answers 429 with Retry-After", async () => {
    const t = await setUp({ concurrency: 1, timeoutMs: 600_000 });
    const held = t.workspaces.hold("plan");
    const slow = patch(t, "db1");
    await expect.poll(() => t.workspaces.inFlight("plan")).toBe(1);

    const refused = await patch(t, "db2");
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({
      description:
        "the broker is busy: 1 plan is running (PREVIEW_CONCURRENCY: updates' destructive-change checks and previews); nothing was changed, retry later",
    });
    expect((await t.records.getInstance("db2"))?.status).toBe("ready");

    const preview = await t.preview("new2", { service_id: SERVICE_ID, plan_id: PLAN_ID });
    expect(preview.status).toBe(429);
    expect(preview.headers.get("retry-after")).toBe("5");
    expect(await preview.json()).toEqual({ description: "1 preview is running; retry later" });
    // The held plan is the only one that ran.
    expect(t.workspaces.calls).toHaveLength(1);

    held.release();
    expect((await slow).status).toBe(202);
  });

  it("a plan that runs out of time: 422 naming PREVIEW_TIMEOUT_SECONDS, nothing changed; the preview route says the same", async () => {
    const t = await setUp({ concurrency: 2, timeoutMs: 30 });
    t.workspaces.hold("plan"); // never released: the pool's timeout interrupts it

    const refused = await patch(t, "db1");
    expect(refused.status).toBe(422);
    expect(await refused.json()).toEqual({
      description:
        "terraform could not plan this update: the plan did not finish within 0.03 s (PREVIEW_TIMEOUT_SECONDS): terraform was interrupted; nothing was changed, retry later",
    });
    expect(await t.records.getInstance("db1")).toEqual(instance("db1"));
    expect(t.enqueued).toEqual([]);
    // The interrupted plan was told to stop (its signal), and its slot frees once it has.
    expect(t.workspaces.calls[0].request.signal?.aborted).toBe(true);
    await expect.poll(() => t.workspaces.inFlight("plan")).toBe(0);

    const preview = await t.preview("db1", { service_id: SERVICE_ID, parameters: { message: "x" } });
    expect(preview.status).toBe(422);
    expect(await preview.json()).toEqual({
      description:
        "terraform could not plan this request: the plan did not finish within 0.03 s (PREVIEW_TIMEOUT_SECONDS): terraform was interrupted",
    });
  });
});
