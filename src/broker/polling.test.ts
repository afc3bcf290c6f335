import { describe, expect, it } from "vitest";
import { ASYNC, createBrokerUnit, refusal } from "../../test/helpers/broker-unit.js";
import { DB_SERVICE, QUEUE_SERVICE, SHARED, SMALL } from "../../test/helpers/broker-unit-catalog.js";
import { newOperation } from "./new-records.js";

const ids = { service_id: DB_SERVICE, plan_id: SMALL };

describe("polling and reads (broker unit: memory store, fake queue)", () => {
  it("last_operation of a running operation: in progress, with Retry-After", async () => {
    const t = createBrokerUnit();
    const { operation } = await t.broker.provision("i1", ids, ASYNC);
    expect(await t.broker.lastOperation("i1", { operation }, ASYNC)).toEqual({
      state: "in progress",
      description: "provision queued",
      retryAfterSeconds: 1, // nothing known about the plan's provisions yet (operation-times.test.ts)
      gone: false,
    });
  });

  it("404 for an instance or binding without records", async () => {
    const t = createBrokerUnit();
    expect((await refusal(t.broker.lastOperation("nope", {}, ASYNC))).status).toBe(404);
    expect((await refusal(t.broker.lastBindingOperation("nope", "b1", {}, ASYNC))).status).toBe(404);
  });

  it("the named operation answers; a literal type name answers with the latest of that type; an unknown id is 400", async () => {
    const t = createBrokerUnit();
    const provision = await t.broker.provision("i1", ids, ASYNC);
    await t.finish(provision.operation!, { fail: "boom" });
    const gone = await t.broker.deprovision("i1", ids, ASYNC);
    expect(await t.broker.lastOperation("i1", { operation: provision.operation }, ASYNC)).toMatchObject({
      state: "failed",
    });
    for (const operation of ["deprovision", undefined]) {
      expect(await t.broker.lastOperation("i1", { operation }, ASYNC)).toMatchObject({
        state: "in progress",
        description: "deprovision queued",
      });
    }
    // Never the latest operation's state for an id the instance does not have (issue 12 item 7).
    for (const operation of ["provision", "no-such-operation", "../x/operations/y"]) {
      expect((await refusal(t.broker.lastOperation("i1", { operation }, ASYNC))).status).toBe(400);
    }
    await t.finish(gone.operation!);
    expect(await t.broker.lastOperation("i1", {}, ASYNC)).toMatchObject({ state: "succeeded", gone: true });
  });

  it("a binding's poll never answers with an instance operation, nor the instance's with a binding one", async () => {
    const t = createBrokerUnit();
    const provision = await t.broker.provision("i1", ids, ASYNC);
    await t.finish(provision.operation!);
    const bind = await t.broker.bind("i1", "b1", ids, ASYNC);
    await t.finish(bind.operation!);
    const update = await t.broker.update("i1", { ...ids, parameters: { size: 3 } }, ASYNC);
    expect(
      (await refusal(t.broker.lastBindingOperation("i1", "b1", { operation: update.operation }, ASYNC))).status,
    ).toBe(400);
    expect((await refusal(t.broker.lastOperation("i1", { operation: bind.operation }, ASYNC))).status).toBe(400);
    expect(await t.broker.lastOperation("i1", { operation: update.operation }, ASYNC)).toMatchObject({
      state: "in progress",
      description: "update queued",
    });
  });

  it("GET instance: 404 while provisioning, the view once ready, 422 ConcurrencyError while updating, 404 once gone", async () => {
    const t = createBrokerUnit();
    const provision = await t.broker.provision("i1", { ...ids, parameters: { label: "x" } }, ASYNC);
    expect((await refusal(t.broker.getInstance("i1", {}, ASYNC))).status).toBe(404);
    await t.finish(provision.operation!);
    expect(await t.broker.getInstance("i1", {}, ASYNC)).toEqual({
      service_id: DB_SERVICE,
      plan_id: SMALL,
      parameters: { label: "x" },
      maintenance_info: { version: "1.0.0" },
    });
    const update = await t.broker.update("i1", { ...ids, parameters: { size: 3 } }, ASYNC);
    expect(await refusal(t.broker.getInstance("i1", {}, ASYNC))).toMatchObject({ code: "ConcurrencyError" });
    await t.finish(update.operation!);
    const gone = await t.broker.deprovision("i1", ids, ASYNC);
    await t.finish(gone.operation!);
    expect((await refusal(t.broker.getInstance("i1", {}, ASYNC))).status).toBe(404);
  });

  it("GET instance and binding: 400 where the service is not retrievable", async () => {
    const t = createBrokerUnit();
    const shared = { service_id: QUEUE_SERVICE, plan_id: SHARED };
    const provision = await t.broker.provision("q1", shared, ASYNC);
    await t.finish(provision.operation!);
    const bind = await t.broker.bind("q1", "b1", shared, ASYNC);
    await t.finish(bind.operation!);
    expect(await refusal(t.broker.getInstance("q1", {}, ASYNC))).toMatchObject({
      status: 400,
      description: "service queue does not allow fetching instances",
    });
    expect(await refusal(t.broker.getBinding("q1", "b1", {}, ASYNC))).toMatchObject({
      status: 400,
      description: "service queue does not allow fetching bindings",
    });
  });

  it("GET binding: 404 while binding, after a failed bind, and once unbound", async () => {
    const t = createBrokerUnit();
    const provision = await t.broker.provision("i1", ids, ASYNC);
    await t.finish(provision.operation!);
    const bind = await t.broker.bind("i1", "b1", ids, ASYNC);
    expect((await refusal(t.broker.getBinding("i1", "b1", {}, ASYNC))).status).toBe(404);
    await t.finish(bind.operation!, { fail: "boom" });
    expect((await refusal(t.broker.getBinding("i1", "b1", {}, ASYNC))).status).toBe(404);
    expect(await t.broker.lastBindingOperation("i1", "b1", {}, ASYNC)).toMatchObject({ state: "failed" });
  });

  it("an orphan operation (a crash before its instance record was written) is not an instance: 404, and a provision starts anew", async () => {
    const t = createBrokerUnit();
    const orphan = newOperation("provision", ASYNC, { instanceId: "i1" });
    await t.records.putOperation(orphan);
    expect((await refusal(t.broker.lastOperation("i1", { operation: orphan.id }, ASYNC))).status).toBe(404);
    expect((await refusal(t.broker.deprovision("i1", ids, ASYNC))).status).toBe(410);
    const { operation } = await t.broker.provision("i1", ids, ASYNC);
    expect(operation).not.toBe(orphan.id);
    expect(await t.records.getInstance("i1")).toMatchObject({ status: "provisioning", lastOperationId: operation });
  });

  it("GET catalog: the OSB document of the catalog", async () => {
    const t = createBrokerUnit();
    const catalog = t.broker.catalog() as { services: { id: string; plans: { id: string; bindable: boolean }[] }[] };
    expect(catalog.services.map((service) => service.id)).toEqual([DB_SERVICE, QUEUE_SERVICE]);
    expect(catalog.services[1].plans.map((plan) => [plan.id, plan.bindable])).toEqual([
      ["plan-basic", false],
      [SHARED, true],
    ]);
  });
});
