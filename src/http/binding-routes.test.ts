import { describe, expect, it } from "vitest";
import { BrokerError, bindingAlreadyExists, bindingGone, notFound } from "../domain/errors.js";
import { createTestHarness } from "../../test/helpers/http-test-harness.js";

const B = "/v2/service_instances/inst-1/service_bindings/bind-1";
const BIND = {
  service_id: "svc",
  plan_id: "plan",
  app_guid: "app-1",
  bind_resource: { app_guid: "app-1" },
  context: { platform: "cloudfoundry" },
  parameters: { role: "ro" },
  predecessor_binding_id: "bind-0",
  not_in_spec: 1,
};

describe("PUT .../service_bindings/:binding_id (bind)", () => {
  it("201 {credentials} for a synchronous bind; ids and details reach the broker", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("bind", { async: false, credentials: { message: "hi", password: "pw" } });
    const res = await client.put(B, BIND);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ credentials: { message: "hi", password: "pw" } });
    const call = broker.lastCall("bind");
    const { not_in_spec: _dropped, ...known } = BIND;
    expect(call?.args.slice(0, 3)).toEqual(["inst-1", "bind-1", known]);
    expect(call?.args[3]).toEqual({ apiVersion: "2.17", acceptsIncomplete: false });
  });

  it("200 {credentials} for an identical existing binding", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("bind", { async: false, alreadyExists: true, credentials: { message: "hi" } });
    const res = await client.put(B, BIND);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ credentials: { message: "hi" } });
  });

  it("202 {operation} with no credentials when async", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("bind", { async: true, operation: "bop-1", credentials: { leaked: "no" } });
    const res = await client.put(`${B}?accepts_incomplete=true`, BIND);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ operation: "bop-1" });
    expect(broker.lastCall("bind")?.args[3].acceptsIncomplete).toBe(true);
  });

  it.each([
    [
      "409 {description} naming what differs for a conflicting binding",
      bindingAlreadyExists(["parameters"]),
      409,
      { description: "binding already exists with different attributes: parameters differ" },
    ],
    [
      "422 RequiresApp",
      new BrokerError(422, "needs an app", "RequiresApp"),
      422,
      { error: "RequiresApp", description: expect.any(String) },
    ],
  ])("%s", async (_name, error, status, body) => {
    const { client, broker } = createTestHarness();
    broker.respond("bind", error);
    const res = await client.put(B, BIND);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual(body);
  });

  it.each([
    ["service_id missing", { plan_id: "p" }, "service_id"],
    ["plan_id empty", { service_id: "s", plan_id: "" }, "plan_id"],
    ["bind_resource not an object", { service_id: "s", plan_id: "p", bind_resource: "app" }, "bind_resource"],
    ["app_guid not a string", { service_id: "s", plan_id: "p", app_guid: 5 }, "app_guid"],
  ])("400 naming the field when %s", async (_name, body, field) => {
    const { client, broker } = createTestHarness();
    const res = await client.put(B, body);
    expect(res.status).toBe(400);
    expect((await res.json()).description).toContain(field);
    expect(broker.calls).toEqual([]);
  });

  it("400 for malformed JSON", async () => {
    const { client, broker } = createTestHarness();
    const res = await client.put(B, "{not json");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ description: "request body is not valid JSON" });
    expect(broker.calls).toEqual([]);
  });
});

describe("DELETE .../service_bindings/:binding_id (unbind)", () => {
  it("200 {} when synchronous, query decoded", async () => {
    const { client, broker } = createTestHarness();
    const res = await client.delete(`${B}?service_id=s&plan_id=p`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(broker.lastCall("unbind")?.args.slice(0, 3)).toEqual([
      "inst-1",
      "bind-1",
      { service_id: "s", plan_id: "p" },
    ]);
  });

  it("202 {operation} when async", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("unbind", { async: true, operation: "bop-2" });
    const res = await client.delete(`${B}?service_id=s&plan_id=p&accepts_incomplete=true`);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ operation: "bop-2" });
  });

  it("410 {} when the binding is gone", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("unbind", bindingGone());
    const res = await client.delete(`${B}?service_id=s&plan_id=p`);
    expect(res.status).toBe(410);
    expect(await res.json()).toEqual({});
  });

  it.each(["", "?service_id=s", "?plan_id=p", "?service_id=&plan_id=p"])("400 for query %j", async (query) => {
    const { client, broker } = createTestHarness();
    const res = await client.delete(`${B}${query}`);
    expect(res.status).toBe(400);
    expect(broker.calls).toEqual([]);
  });
});

describe("GET .../service_bindings/:binding_id", () => {
  it("200 with the binding view", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("getBinding", { credentials: { message: "hi" }, parameters: { role: "ro" } });
    const res = await client.get(`${B}?service_id=s&plan_id=p`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ credentials: { message: "hi" }, parameters: { role: "ro" } });
    expect(broker.lastCall("getBinding")?.args.slice(0, 3)).toEqual([
      "inst-1",
      "bind-1",
      { service_id: "s", plan_id: "p" },
    ]);
  });

  it("404 when missing", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("getBinding", notFound("binding bind-1 does not exist"));
    const res = await client.get(B);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ description: "binding bind-1 does not exist" });
  });
});

describe("GET .../service_bindings/:binding_id/last_operation", () => {
  it("200 {state, description} with Retry-After", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("lastBindingOperation", {
      state: "failed",
      description: "Error: exit status 1",
      retryAfterSeconds: 5,
    });
    const res = await client.get(`${B}/last_operation?operation=bop-1`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Retry-After")).toBe("5");
    expect(await res.json()).toEqual({ state: "failed", description: "Error: exit status 1" });
    expect(broker.lastCall("lastBindingOperation")?.args.slice(0, 3)).toEqual([
      "inst-1",
      "bind-1",
      { operation: "bop-1" },
    ]);
  });

  it("410 {} once an unbind has succeeded", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("lastBindingOperation", { state: "succeeded", gone: true });
    const res = await client.get(`${B}/last_operation`);
    expect(res.status).toBe(410);
    expect(await res.json()).toEqual({});
  });
});
