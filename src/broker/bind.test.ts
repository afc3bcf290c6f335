import { describe, expect, it } from "vitest";
import {
  ASYNC,
  createBrokerUnit,
  refusal,
  SYNC,
  type BrokerUnit,
  type FinishOptions,
} from "../../test/helpers/broker-unit.js";
import {
  BASIC,
  DB_SERVICE,
  LARGE,
  NOBIND,
  QUEUE_SERVICE,
  SHARED,
  SMALL,
} from "../../test/helpers/broker-unit-catalog.js";

const out = (value: string) => ({ value, sensitive: false, type: "string" });
const bindDetails = { service_id: DB_SERVICE, plan_id: SMALL, app_guid: "app-1" };

/**
 * A unit broker with instance `i1` of `plan` provisioned (endpoint output), whose binding stack then
 * outputs `username`.
 */
async function ready(plan = SMALL, service = DB_SERVICE, autoFinish?: FinishOptions): Promise<BrokerUnit> {
  const t = createBrokerUnit();
  t.runner.outputs = { endpoint: out("db.example:5432") };
  const provision = await t.broker.provision("i1", { service_id: service, plan_id: plan }, ASYNC);
  await t.finish(provision.operation!);
  t.runner.outputs = { username: out("u-1") };
  t.autoFinish = autoFinish;
  return t;
}

describe("bind (broker unit: memory store, fake queue)", () => {
  it("202 with accepts_incomplete: persists the binding and its operation, queues it; once done GET has the credentials", async () => {
    const t = await ready();
    const result = await t.broker.bind("i1", "b1", bindDetails, ASYNC);
    expect(result).toEqual({ async: true, operation: expect.stringMatching(/^bind-/) });
    const binding = await t.records.getBinding("i1", "b1");
    expect(binding).toMatchObject({ status: "binding", appGuid: "app-1", lastOperationId: result.operation });
    expect(binding!.secrets.password).toMatch(/^[\w-]{32}$/);
    expect(t.queue.enqueued.at(-1)).toMatchObject({ type: "bind", bindingId: "b1" });
    expect((await refusal(t.broker.getBinding("i1", "b1", {}, ASYNC))).status).toBe(404);

    await t.finish(result.operation!);
    expect(await t.broker.lastBindingOperation("i1", "b1", { operation: result.operation }, ASYNC)).toMatchObject({
      state: "succeeded",
    });
    // The plan's instance output `endpoint` plus every binding stack output.
    expect(await t.broker.getBinding("i1", "b1", {}, ASYNC)).toEqual({
      credentials: { endpoint: "db.example:5432", username: "u-1" },
      parameters: {},
    });
  });

  it("201 without accepts_incomplete: waits for the operation and answers with the credentials", async () => {
    const t = await ready(SMALL, DB_SERVICE, {});
    expect(await t.broker.bind("i1", "b1", bindDetails, SYNC)).toEqual({
      async: false,
      credentials: { endpoint: "db.example:5432", username: "u-1" },
    });
  });

  it("a synchronous bind whose operation fails: 500 naming the failure; the binding is failed", async () => {
    const t = await ready(SMALL, DB_SERVICE, { fail: "keystone said no" });
    const error = await refusal(t.broker.bind("i1", "b1", bindDetails, SYNC));
    expect(error).toMatchObject({ status: 500, description: "bind failed: keystone said no" });
    expect(await t.records.getBinding("i1", "b1")).toMatchObject({ status: "failed" });
  });

  it("an identical repeat: 202 with the same operation while it runs, 200 with the credentials once done", async () => {
    const t = await ready();
    const first = await t.broker.bind("i1", "b1", bindDetails, ASYNC);
    expect(await t.broker.bind("i1", "b1", bindDetails, ASYNC)).toEqual(first);
    expect(t.queue.enqueued.filter((op) => op.type === "bind")).toHaveLength(1);
    // Synchronously the broker cannot answer for a binding still being created.
    expect(await refusal(t.broker.bind("i1", "b1", bindDetails, SYNC))).toMatchObject({ code: "ConcurrencyError" });
    await t.finish(first.operation!);
    expect(await t.broker.bind("i1", "b1", bindDetails, SYNC)).toEqual({
      async: false,
      alreadyExists: true,
      credentials: { endpoint: "db.example:5432", username: "u-1" },
    });
  });

  it.each([
    ["another app_guid", { ...bindDetails, app_guid: "app-2" }],
    ["other parameters", { ...bindDetails, parameters: { role: "ro" } }],
    ["another bind_resource", { ...bindDetails, bind_resource: { route: "r" } }],
  ])("409 naming what differs for a repeat with %s", async (_what, request) => {
    const t = await ready();
    await t.broker.bind("i1", "b1", bindDetails, ASYNC);
    expect(await refusal(t.broker.bind("i1", "b1", request, ASYNC))).toMatchObject({
      status: 409,
      emptyBody: false,
      description: expect.stringMatching(/binding already exists with different attributes/),
    });
  });

  it("422 ConcurrencyError for a bind to a binding being deleted (never its unbind operation)", async () => {
    const t = await ready();
    const { operation } = await t.broker.bind("i1", "b1", bindDetails, ASYNC);
    await t.finish(operation!);
    await t.broker.unbind("i1", "b1", { service_id: DB_SERVICE, plan_id: SMALL }, ASYNC);
    const error = await refusal(t.broker.bind("i1", "b1", bindDetails, ASYNC));
    expect(error).toMatchObject({
      code: "ConcurrencyError",
      description: expect.stringMatching(/binding b1 is being deleted/),
    });
  });

  it.each([
    [
      "a service that is not bindable",
      { service_id: QUEUE_SERVICE, plan_id: BASIC },
      /plan basic of service queue is not bindable/,
    ],
    [
      "a plan with bindable: false in a bindable service",
      { service_id: DB_SERVICE, plan_id: NOBIND },
      /plan nobind of service db is not bindable/,
    ],
    ["parameters failing the bind schema", { ...bindDetails, parameters: { role: "admin" } }, /parameters\.role/],
    ["a binding id that cannot be stored", bindDetails, /binding_id must be/],
  ])("400 for %s: nothing written", async (what, request, message) => {
    const t = await ready();
    const before = [...t.store.objects.keys()];
    const bindingId = what.startsWith("a binding id") ? "b/1" : "b1";
    const error = await refusal(t.broker.bind("i1", bindingId, request, ASYNC));
    expect(error.status).toBe(400);
    expect(error.description).toMatch(message);
    expect([...t.store.objects.keys()]).toEqual(before);
  });

  it("a plan with bindable: true in a service that is not bindable can be bound", async () => {
    const t = await ready(SHARED, QUEUE_SERVICE);
    const result = await t.broker.bind("i1", "b1", { service_id: QUEUE_SERVICE, plan_id: SHARED }, ASYNC);
    expect(result.async).toBe(true);
  });

  it("400 when service_id and plan_id are not the instance's", async () => {
    const t = await ready();
    const error = await refusal(t.broker.bind("i1", "b1", { ...bindDetails, plan_id: LARGE }, ASYNC));
    expect(error.description).toMatch(/must be those of instance i1/);
  });

  it("404 for an instance that does not exist", async () => {
    const t = createBrokerUnit();
    expect((await refusal(t.broker.bind("nope", "b1", bindDetails, ASYNC))).status).toBe(404);
    expect(t.store.objects.size).toBe(0);
  });

  it("422 ConcurrencyError while the instance's operation runs; 422 for an instance that is not ready", async () => {
    const t = createBrokerUnit();
    const { operation } = await t.broker.provision("i1", { service_id: DB_SERVICE, plan_id: SMALL }, ASYNC);
    expect(await refusal(t.broker.bind("i1", "b1", bindDetails, ASYNC))).toMatchObject({ code: "ConcurrencyError" });
    await t.finish(operation!, { fail: "boom" });
    const error = await refusal(t.broker.bind("i1", "b1", bindDetails, ASYNC));
    expect(error).toMatchObject({ status: 422, description: "instance i1 is not ready (failed)" });
    expect(await t.records.getBinding("i1", "b1")).toBeUndefined();
  });
});
