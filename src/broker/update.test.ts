import { describe, expect, it } from "vitest";
import { ASYNC, createBrokerUnit, refusal, SYNC, type BrokerUnit } from "../../test/helpers/broker-unit.js";
import { BASIC, DB_SERVICE, LARGE, QUEUE_SERVICE, SHARED, SMALL } from "../../test/helpers/broker-unit-catalog.js";
import type { PlanResourceChange } from "../terraform/plan-summary.js";

/** A unit broker with instance `i1` of `plan` provisioned (its provision finished). */
async function provisioned(plan = SMALL, service = DB_SERVICE): Promise<BrokerUnit> {
  const t = createBrokerUnit();
  const parameters = service === DB_SERVICE ? { size: 2 } : undefined;
  const { operation } = await t.broker.provision("i1", { service_id: service, plan_id: plan, parameters }, ASYNC);
  await t.finish(operation!);
  return t;
}

const replaceOf = (address: string, type: string): PlanResourceChange => ({
  address,
  type,
  name: address.split(".")[1],
  mode: "managed",
  action: "replace",
  attributes: [],
});

describe("update (broker unit: memory store, fake queue, fake workspace runner)", () => {
  it("202: a parameter change is planned, persisted as an update operation with its target, and queued", async () => {
    const t = await provisioned();
    const result = await t.broker.update("i1", { service_id: DB_SERVICE, parameters: { label: "x" } }, ASYNC);
    expect(result.async).toBe(true);
    const op = await t.records.getOperation("i1", result.operation!);
    expect(op).toMatchObject({
      type: "update",
      state: "in progress",
      allowReplace: false,
      // values: what terraform gets (defaults and earlier values merged); parameters: exactly what was sent.
      target: { planId: SMALL, values: { size: 2, label: "x" }, parameters: { label: "x" } },
    });
    expect(t.queue.enqueued.at(-1)).toEqual(op);
    expect(await t.records.getInstance("i1")).toMatchObject({ status: "updating", lastOperationId: op!.id });
    // The destructive-change check planned the new values through the preview (the fake runner).
    expect(t.runner.calls.filter((call) => call.method === "plan")).toHaveLength(1);
  });

  it("the update's job makes the record follow its target; the poll says succeeded", async () => {
    const t = await provisioned();
    const { operation } = await t.broker.update("i1", { service_id: DB_SERVICE, plan_id: LARGE }, ASYNC);
    await t.finish(operation!);
    expect(await t.records.getInstance("i1")).toMatchObject({ status: "ready", planId: LARGE, values: { size: 2 } });
    expect(await t.broker.lastOperation("i1", { operation }, ASYNC)).toMatchObject({ state: "succeeded" });
  });

  it("a failed update leaves the instance usable and the update repeatable", async () => {
    const t = await provisioned();
    const { operation } = await t.broker.update("i1", { service_id: DB_SERVICE, parameters: { size: 4 } }, ASYNC);
    await t.finish(operation!, { fail: "apply failed" });
    expect(await t.broker.lastOperation("i1", {}, ASYNC)).toEqual({
      state: "failed",
      description: "apply failed",
      gone: false,
      instanceUsable: true,
      updateRepeatable: true,
    });
    expect(await t.records.getInstance("i1")).toMatchObject({ status: "ready", values: { size: 2 } });
    expect((await t.broker.update("i1", { service_id: DB_SERVICE, parameters: { size: 4 } }, ASYNC)).async).toBe(true);
  });

  it("404 for an instance that does not exist or is gone", async () => {
    const t = await provisioned();
    expect((await refusal(t.broker.update("nope", { service_id: DB_SERVICE }, ASYNC))).status).toBe(404);
    const { operation } = await t.broker.deprovision("i1", { service_id: DB_SERVICE, plan_id: SMALL }, ASYNC);
    await t.finish(operation!);
    expect((await refusal(t.broker.update("i1", { service_id: DB_SERVICE }, ASYNC))).status).toBe(404);
  });

  it.each([
    ["another service's id", { service_id: QUEUE_SERVICE }, /service_id does not match/],
    ["an unknown plan", { service_id: DB_SERVICE, plan_id: "nope" }, /plan_id "nope" is not a plan of service db/],
    ["parameters failing the update schema", { service_id: DB_SERVICE, parameters: { size: 0 } }, /parameters\.size/],
  ])("400 for %s: nothing changes", async (_what, request, message) => {
    const t = await provisioned();
    const before = [...t.store.objects.keys()];
    const error = await refusal(t.broker.update("i1", request, ASYNC));
    expect(error.status).toBe(400);
    expect(error.description).toMatch(message);
    expect([...t.store.objects.keys()]).toEqual(before);
  });

  it("422 for a plan change where the service's plans are not plan_updateable", async () => {
    const t = await provisioned(BASIC, QUEUE_SERVICE);
    const error = await refusal(t.broker.update("i1", { service_id: QUEUE_SERVICE, plan_id: SHARED }, ASYNC));
    expect(error).toMatchObject({ status: 422, code: undefined });
    expect(error.description).toMatch(/plan changes are not supported for service queue/);
  });

  it("422 AsyncRequired for a change without accepts_incomplete", async () => {
    const t = await provisioned();
    const error = await refusal(t.broker.update("i1", { service_id: DB_SERVICE, parameters: { size: 3 } }, SYNC));
    expect(error).toMatchObject({ status: 422, code: "AsyncRequired" });
  });

  it("422 MaintenanceInfoConflict for another maintenance_info.version", async () => {
    const t = await provisioned();
    const request = { service_id: DB_SERVICE, maintenance_info: { version: "0.9" } };
    expect(await refusal(t.broker.update("i1", request, ASYNC))).toMatchObject({ code: "MaintenanceInfoConflict" });
  });

  it("a context-only update is recorded at once (200), without an operation, even without accepts_incomplete", async () => {
    const t = await provisioned();
    expect(await t.broker.update("i1", { service_id: DB_SERVICE, context: { name: "new" } }, SYNC)).toEqual({
      async: false,
    });
    expect(await t.records.getInstance("i1")).toMatchObject({ status: "ready", context: { name: "new" } });
    expect(t.queue.enqueued).toHaveLength(1); // the provision only
  });

  it("422 for a context change where the service does not allow context updates", async () => {
    const t = await provisioned(BASIC, QUEUE_SERVICE);
    const error = await refusal(t.broker.update("i1", { service_id: QUEUE_SERVICE, context: { a: 1 } }, ASYNC));
    expect(error.description).toMatch(/context updates are not allowed for service queue/);
  });

  it("422 ConcurrencyError while the instance's operation runs (changes and context changes alike)", async () => {
    const t = createBrokerUnit();
    await t.broker.provision("i1", { service_id: DB_SERVICE, plan_id: SMALL }, ASYNC);
    for (const request of [
      { service_id: DB_SERVICE, parameters: { size: 3 } },
      { service_id: DB_SERVICE, context: { name: "new" } },
    ]) {
      expect(await refusal(t.broker.update("i1", request, ASYNC))).toMatchObject({ code: "ConcurrencyError" });
    }
  });

  it("422 ConcurrencyError while one of its bindings has an operation running", async () => {
    const t = await provisioned();
    await t.broker.bind("i1", "b1", { service_id: DB_SERVICE, plan_id: SMALL }, ASYNC);
    const error = await refusal(t.broker.update("i1", { service_id: DB_SERVICE, parameters: { size: 3 } }, ASYNC));
    expect(error).toMatchObject({ code: "ConcurrencyError" });
    expect(error.description).toMatch(/bind operation/);
  });

  it("422 for an instance whose provision failed", async () => {
    const t = createBrokerUnit();
    const { operation } = await t.broker.provision("i1", { service_id: DB_SERVICE, plan_id: SMALL }, ASYNC);
    await t.finish(operation!, { fail: "boom" });
    const error = await refusal(t.broker.update("i1", { service_id: DB_SERVICE, parameters: { size: 3 } }, ASYNC));
    expect(error.description).toMatch(/failed to provision; deprovision it and provision again/);
  });

  it("422 naming the resource when the plan would replace a stateful one; nothing is written", async () => {
    const t = await provisioned();
    t.runner.planResult = {
      hasChanges: true,
      changes: [replaceOf("terraform_data.data", "terraform_data")],
      outputs: [],
    };
    const before = new Map(t.store.objects);
    const error = await refusal(t.broker.update("i1", { service_id: DB_SERVICE, parameters: { size: 3 } }, ASYNC));
    expect(error.status).toBe(422);
    expect(error.description).toContain("terraform_data.data");
    expect(t.store.objects).toEqual(before);
    expect(t.queue.enqueued).toHaveLength(1);
  });

  it("allow_replace: true skips the check and is recorded on the operation (not in the parameters)", async () => {
    const t = await provisioned();
    t.runner.planResult = {
      hasChanges: true,
      changes: [replaceOf("terraform_data.data", "terraform_data")],
      outputs: [],
    };
    const request = { service_id: DB_SERVICE, parameters: { size: 3, allow_replace: true } };
    const { operation } = await t.broker.update("i1", request, ASYNC);
    expect(await t.records.getOperation("i1", operation!)).toMatchObject({
      allowReplace: true,
      target: { parameters: { size: 3 } },
    });
    expect(t.runner.calls.filter((call) => call.method === "plan")).toHaveLength(0);
  });

  it("422 when terraform cannot plan the update; nothing is written", async () => {
    const t = await provisioned();
    t.runner.failNext("plan", new Error("provider exploded"));
    const error = await refusal(t.broker.update("i1", { service_id: DB_SERVICE, parameters: { size: 3 } }, ASYNC));
    expect(error.description).toBe("terraform could not plan this update: provider exploded");
    expect(await t.records.getInstance("i1")).toMatchObject({ status: "ready" });
  });
});
