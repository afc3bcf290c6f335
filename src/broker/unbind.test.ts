import { describe, expect, it } from "vitest";
import { ASYNC, createBrokerUnit, refusal, SYNC, type BrokerUnit } from "../../test/helpers/broker-unit.js";
import { DB_SERVICE, LARGE, SMALL } from "../../test/helpers/broker-unit-catalog.js";

const ids = { service_id: DB_SERVICE, plan_id: SMALL };

/** A unit broker with instance `i1` provisioned and binding `b1` bound (`bound: false`: its bind still runs). */
async function withBinding(bound = true): Promise<{ t: BrokerUnit; bind: string }> {
  const t = createBrokerUnit();
  const provision = await t.broker.provision("i1", ids, ASYNC);
  await t.finish(provision.operation!);
  const { operation } = await t.broker.bind("i1", "b1", ids, ASYNC);
  if (bound) await t.finish(operation!);
  return { t, bind: operation! };
}

describe("unbind (broker unit: memory store, fake queue)", () => {
  it("202 with accepts_incomplete: persists an unbind operation, marks the binding unbinding, queues it", async () => {
    const { t } = await withBinding();
    const result = await t.broker.unbind("i1", "b1", ids, ASYNC);
    expect(result).toEqual({ async: true, operation: expect.stringMatching(/^unbind-/) });
    expect(await t.records.getBinding("i1", "b1")).toMatchObject({
      status: "unbinding",
      lastOperationId: result.operation,
    });
    expect(t.queue.enqueued.at(-1)).toMatchObject({ type: "unbind", bindingId: "b1" });
    // A repeat while it runs answers with the same operation.
    expect(await t.broker.unbind("i1", "b1", ids, ASYNC)).toEqual(result);
    await t.finish(result.operation!);
    expect(await t.broker.lastBindingOperation("i1", "b1", {}, ASYNC)).toMatchObject({
      state: "succeeded",
      gone: true,
    });
    expect(await t.records.getBinding("i1", "b1")).toMatchObject({ deleted: true, credentials: {}, secrets: {} });
  });

  it("200 without accepts_incomplete: waits for the operation; then a repeat is 410", async () => {
    const { t } = await withBinding();
    t.autoFinish = {};
    expect(await t.broker.unbind("i1", "b1", ids, SYNC)).toEqual({ async: false });
    expect(await refusal(t.broker.unbind("i1", "b1", ids, SYNC))).toMatchObject({ status: 410, emptyBody: true });
  });

  it("a synchronous unbind whose operation fails: 500 naming the failure; the binding is failed, not gone", async () => {
    const { t } = await withBinding();
    t.autoFinish = { fail: "destroy failed" };
    expect(await refusal(t.broker.unbind("i1", "b1", ids, SYNC))).toMatchObject({
      status: 500,
      description: "unbind failed: destroy failed",
    });
    expect(await t.records.getBinding("i1", "b1")).toMatchObject({ status: "failed" });
  });

  it("410 (empty body) for a binding or an instance that does not exist", async () => {
    const { t } = await withBinding();
    expect(await refusal(t.broker.unbind("i1", "nope", ids, ASYNC))).toMatchObject({ status: 410, emptyBody: true });
    expect(await refusal(t.broker.unbind("nope", "b1", ids, ASYNC))).toMatchObject({ status: 410, emptyBody: true });
  });

  it("400 when service_id and plan_id are not the binding's", async () => {
    const { t } = await withBinding();
    const error = await refusal(t.broker.unbind("i1", "b1", { ...ids, plan_id: LARGE }, ASYNC));
    expect(error.description).toMatch(/must be those of binding b1/);
    expect(await t.records.getBinding("i1", "b1")).toMatchObject({ status: "ready" });
  });

  it("422 ConcurrencyError while the binding's bind runs, and for a synchronous repeat of a running unbind", async () => {
    const { t } = await withBinding(false);
    expect(await refusal(t.broker.unbind("i1", "b1", ids, ASYNC))).toMatchObject({ code: "ConcurrencyError" });
    const { t: u } = await withBinding();
    await u.broker.unbind("i1", "b1", ids, ASYNC);
    expect(await refusal(u.broker.unbind("i1", "b1", ids, SYNC))).toMatchObject({ code: "ConcurrencyError" });
  });

  it("422 ConcurrencyError while the instance's operation runs", async () => {
    const { t } = await withBinding();
    await t.broker.update("i1", { service_id: DB_SERVICE, parameters: { size: 3 } }, ASYNC);
    expect(await refusal(t.broker.unbind("i1", "b1", ids, ASYNC))).toMatchObject({ code: "ConcurrencyError" });
    expect(await t.records.getBinding("i1", "b1")).toMatchObject({ status: "ready" });
  });
});
