import { describe, expect, it } from "vitest";
import { ASYNC, createBrokerUnit, refusal, SYNC, type BrokerUnit } from "../../test/helpers/broker-unit.js";
import { DB_SERVICE, LARGE, QUEUE_SERVICE, SMALL } from "../../test/helpers/broker-unit-catalog.js";

const gone = { service_id: DB_SERVICE, plan_id: SMALL };

/** A unit broker with instance `i1` provisioned; `finish: false` leaves its provision running. */
async function withInstance(finish = true): Promise<{ t: BrokerUnit; provision: string }> {
  const t = createBrokerUnit();
  const { operation } = await t.broker.provision("i1", { service_id: DB_SERVICE, plan_id: SMALL }, ASYNC);
  if (finish) await t.finish(operation!);
  return { t, provision: operation! };
}

describe("deprovision (broker unit: memory store, fake queue)", () => {
  it("202: persists a deprovision operation, marks the instance deprovisioning and queues it", async () => {
    const { t } = await withInstance();
    const result = await t.broker.deprovision("i1", gone, ASYNC);
    expect(result).toEqual({ async: true, operation: expect.stringMatching(/^deprovision-/) });
    expect(await t.records.getInstance("i1")).toMatchObject({
      status: "deprovisioning",
      lastOperationId: result.operation,
    });
    expect(t.queue.enqueued.at(-1)).toMatchObject({ id: result.operation, type: "deprovision" });
  });

  it("once done: the poll says succeeded and gone, GET 404, a repeat 410; the record is a tombstone", async () => {
    const { t } = await withInstance();
    const { operation } = await t.broker.deprovision("i1", gone, ASYNC);
    await t.finish(operation!);
    expect(await t.broker.lastOperation("i1", { operation }, ASYNC)).toMatchObject({ state: "succeeded", gone: true });
    expect((await refusal(t.broker.getInstance("i1", {}, ASYNC))).status).toBe(404);
    expect(await refusal(t.broker.deprovision("i1", gone, ASYNC))).toMatchObject({ status: 410, emptyBody: true });
    expect(await t.records.getInstance("i1")).toMatchObject({ deleted: true, secrets: {} });
  });

  it("410 (empty body) for an instance that never existed; nothing written", async () => {
    const t = createBrokerUnit();
    expect(await refusal(t.broker.deprovision("nope", gone, ASYNC))).toMatchObject({ status: 410, emptyBody: true });
    expect(t.store.objects.size).toBe(0);
  });

  it.each([
    ["another service's id", { ...gone, service_id: QUEUE_SERVICE }, /service_id does not match/],
    ["a plan id not in the catalog", { ...gone, plan_id: "nope" }, /plan_id "nope" is not in the catalog/],
  ])("400 for %s", async (_what, request, message) => {
    const { t } = await withInstance();
    const error = await refusal(t.broker.deprovision("i1", request, ASYNC));
    expect(error.status).toBe(400);
    expect(error.description).toMatch(message);
    expect(await t.records.getInstance("i1")).toMatchObject({ status: "ready" });
  });

  it("any plan of the catalog is accepted (the platform may send a plan the instance left)", async () => {
    const { t } = await withInstance();
    expect((await t.broker.deprovision("i1", { ...gone, plan_id: LARGE }, ASYNC)).async).toBe(true);
  });

  it("422 AsyncRequired without accepts_incomplete", async () => {
    const { t } = await withInstance();
    expect(await refusal(t.broker.deprovision("i1", gone, SYNC))).toMatchObject({ status: 422, code: "AsyncRequired" });
    expect(await t.records.getInstance("i1")).toMatchObject({ status: "ready" });
  });

  it("a repeat while it runs: 202 with the same operation, queued once", async () => {
    const { t } = await withInstance();
    const first = await t.broker.deprovision("i1", gone, ASYNC);
    expect(await t.broker.deprovision("i1", gone, ASYNC)).toEqual(first);
    expect(t.queue.enqueued.filter((op) => op.type === "deprovision")).toHaveLength(1);
  });

  it("during a provision: the provision is halted (cancelled, marked cancelledBy) and the deprovision queued", async () => {
    const { t, provision } = await withInstance(false);
    const { operation } = await t.broker.deprovision("i1", gone, ASYNC);
    expect(t.queue.cancelled).toEqual([{ operationId: provision, reason: `halted by deprovision ${operation}` }]);
    expect(await t.records.getOperation("i1", provision)).toMatchObject({
      state: "in progress",
      cancelledBy: operation,
    });
    expect(t.queue.enqueued.map((op) => op.type)).toEqual(["provision", "deprovision"]);
  });

  it("422 ConcurrencyError while a binding operation runs", async () => {
    const { t } = await withInstance();
    await t.broker.bind("i1", "b1", { service_id: DB_SERVICE, plan_id: SMALL }, ASYNC);
    const error = await refusal(t.broker.deprovision("i1", gone, ASYNC));
    expect(error).toMatchObject({ code: "ConcurrencyError" });
    expect(await t.records.getInstance("i1")).toMatchObject({ status: "ready" });
  });

  it("a failed deprovision leaves the instance (failed, usable per the poll) and a new deprovision is accepted", async () => {
    const { t } = await withInstance();
    const { operation } = await t.broker.deprovision("i1", gone, ASYNC);
    await t.finish(operation!, { fail: "destroy failed" });
    expect(await t.broker.lastOperation("i1", {}, ASYNC)).toMatchObject({
      state: "failed",
      gone: false,
      instanceUsable: true,
    });
    const again = await t.broker.deprovision("i1", gone, ASYNC);
    expect(again.operation).not.toBe(operation);
  });
});
