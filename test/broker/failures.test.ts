import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SERVICE_ID,
  PLAN_ID,
  bindingPath,
  deletePath,
  instancePath,
  provisionBody,
  startTestBroker,
  type TestBroker,
} from "../helpers/broker-fixture.js";
import { readOperationLog } from "../../src/worker/operation-log.js";

let t: TestBroker;
beforeAll(async () => {
  t = await startTestBroker();
});
afterAll(async () => t?.close());

const stateOf = async (id: string) => {
  const body = await t.broker.records.store.get(`instances/${id}/tfstate`);
  return body === undefined
    ? undefined
    : (JSON.parse(new TextDecoder().decode(body)) as {
        resources: { type: string; name: string; instances: unknown[] }[];
      });
};
const resourceNames = async (id: string) =>
  ((await stateOf(id))?.resources ?? [])
    .filter((r) => r.instances.length > 0)
    .map((r) => r.name)
    .sort();

describe("failures, halts and clean-up", () => {
  it("an apply failure ends `failed` with terraform's error; the platform's DELETE cleans up", async () => {
    await t.client.put(instancePath("fail-1"), provisionBody({ fail_on: "apply" }));
    const result = await t.waitForInstance("fail-1");
    expect(result.body.state).toBe("failed");
    expect(result.body.description).toContain("simulated failure during apply");
    expect(await resourceNames("fail-1")).toContain("message");

    expect((await t.client.delete(deletePath("fail-1"))).status).toBe(202);
    expect((await t.waitForInstance("fail-1")).status).toBe(410);
    expect(await stateOf("fail-1")).toBeUndefined();
  });

  it("a partial failure leaves state that the DELETE destroys", async () => {
    await t.client.put(instancePath("partial-1"), provisionBody({ fail_after_first: true }));
    const result = await t.waitForInstance("partial-1");
    expect(result.body.state).toBe("failed");
    expect(result.body.description).toContain("simulated failure after the first resource");
    expect(await resourceNames("partial-1")).toEqual(expect.arrayContaining(["first", "message"]));

    await t.client.delete(deletePath("partial-1"));
    expect((await t.waitForInstance("partial-1")).status).toBe(410);
  });

  it("a DELETE during a provision halts it (terraform interrupted), then destroys what was created", async () => {
    await t.client.put(instancePath("halt-1"), provisionBody({ sleep_seconds: 60 }));
    // Wait until terraform is applying (the sleep resource is being created).
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const ops = await t.broker.records.listOperations("halt-1");
      const log = ops[0] ? await readOperationLog(t.broker.records.store, "halt-1", ops[0].id) : [];
      if (log.some((l) => l.type === "apply_start" && l.message.includes("sleep"))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const started = Date.now();
    const del = await t.client.delete(deletePath("halt-1"));
    expect(del.status).toBe(202);
    const result = await t.waitForInstance("halt-1");
    expect(result.status).toBe(410);
    expect(Date.now() - started).toBeLessThan(30_000); // not the 60 s sleep
    const ops = await t.broker.records.listOperations("halt-1");
    expect(ops.map((op) => [op.type, op.state])).toEqual([
      ["provision", "failed"],
      ["deprovision", "succeeded"],
    ]);
    expect(ops[0].description).toContain("halted by deprovision");
    expect(await stateOf("halt-1")).toBeUndefined();
  });

  it("a bind failure ends the binding `failed`; unbind then cleans up and the instance stays", async () => {
    await t.client.put(instancePath("bindfail-1"), provisionBody({ fail_on: "bind" }));
    expect((await t.waitForInstance("bindfail-1")).body.state).toBe("succeeded");
    const bind = await t.client.put(bindingPath("bindfail-1", "b", "accepts_incomplete=true"), {
      service_id: SERVICE_ID,
      plan_id: PLAN_ID,
    });
    expect(bind.status).toBe(202);
    const result = await t.waitForBinding("bindfail-1", "b");
    expect(result.body).toMatchObject({
      state: "failed",
      description: expect.stringContaining("simulated failure during bind"),
    });
    expect((await t.client.get(bindingPath("bindfail-1", "b"))).status).toBe(404);
    const unbind = await t.client.delete(bindingPath("bindfail-1", "b", `service_id=${SERVICE_ID}&plan_id=${PLAN_ID}`));
    expect(unbind.status).toBe(200);
    expect((await t.client.get("/v2/service_instances/bindfail-1")).status).toBe(200);
  });

  it("a synchronous bind that fails answers 500 with terraform's error", async () => {
    await t.client.put(instancePath("bindfail-2"), provisionBody({ fail_on: "bind" }));
    await t.waitForInstance("bindfail-2");
    const bind = await t.client.put(bindingPath("bindfail-2", "b"), { service_id: SERVICE_ID, plan_id: PLAN_ID });
    expect(bind.status).toBe(500);
    expect(((await bind.json()) as { description: string }).description).toContain("simulated failure during bind");
  });

  it("a destroy failure ends the deprovision `failed` and keeps the instance", async () => {
    await t.client.put(instancePath("dfail-1"), provisionBody({ fail_on: "destroy" }));
    await t.waitForInstance("dfail-1");
    await t.client.delete(deletePath("dfail-1"));
    const result = await t.waitForInstance("dfail-1");
    expect(result.body).toMatchObject({
      state: "failed",
      description: expect.stringContaining("simulated failure during destroy"),
    });
    expect((await t.client.get("/v2/service_instances/dfail-1")).status).not.toBe(404);
  });

  it("progress shows in last_operation while terraform applies", async () => {
    await t.client.put(instancePath("progress-1"), provisionBody({ sleep_seconds: 3 }));
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const body = (await (await t.client.get("/v2/service_instances/progress-1/last_operation")).json()) as {
        state: string;
        description: string;
      };
      seen.add(body.description);
      if (body.state !== "in progress") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect([...seen].some((d) => /^applying: \d of \d resources? done$/.test(d))).toBe(true);
  });
});
