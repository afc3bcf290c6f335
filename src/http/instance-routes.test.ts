import { describe, expect, it } from "vitest";
import { asyncRequired, badRequest, concurrencyError, instanceAlreadyExists, instanceGone } from "../domain/errors.js";
import { createTestHarness } from "../../test/helpers/http-test-harness.js";

const I = "/v2/service_instances/inst-1";
const MINIMAL = { service_id: "s", plan_id: "p", organization_guid: "o", space_guid: "sp" };
const PROVISION = {
  service_id: "svc",
  plan_id: "plan",
  organization_guid: "org",
  space_guid: "space",
  context: { platform: "kubernetes", namespace: "ns" },
  parameters: { message: '${file("/etc/passwd")}' },
  maintenance_info: { version: "1.0.0" },
  some_future_field: { ignored: true },
};

describe("PUT /v2/service_instances/:instance_id (provision)", () => {
  it("201 {} for a synchronous provision; details decoded, unknown fields dropped", async () => {
    const { client, broker } = createTestHarness();
    const res = await client.put(I, PROVISION);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({});
    const call = broker.lastCall("provision");
    expect(call?.args[0]).toBe("inst-1");
    const { some_future_field: _ignored, ...known } = PROVISION;
    expect(call?.args[1]).toEqual(known);
    expect(call?.args[2]).toEqual({ apiVersion: "2.17", acceptsIncomplete: false });
  });

  it("202 {operation, dashboard_url} when async; accepts_incomplete=true reaches the broker", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("provision", { async: true, operation: "op-1", dashboardUrl: "https://dash/1" });
    const res = await client.put(`${I}?accepts_incomplete=true`, PROVISION);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ operation: "op-1", dashboard_url: "https://dash/1" });
    expect(broker.lastCall("provision")?.args[2].acceptsIncomplete).toBe(true);
  });

  it("200 {dashboard_url} when an identical instance already exists", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("provision", { async: false, alreadyExists: true, dashboardUrl: "https://dash/1" });
    const res = await client.put(I, PROVISION);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ dashboard_url: "https://dash/1" });
  });

  it.each([
    [
      "409 {description} naming what differs for a conflicting instance",
      instanceAlreadyExists(["parameters"]),
      409,
      { description: "instance already exists with different attributes: parameters differ" },
    ],
    ["422 AsyncRequired", asyncRequired(), 422, { error: "AsyncRequired", description: expect.any(String) }],
    [
      "400 from the broker (unknown plan)",
      badRequest('unknown plan_id "x"'),
      400,
      { description: 'unknown plan_id "x"' },
    ],
  ])("%s", async (_name, error, status, body) => {
    const { client, broker } = createTestHarness();
    broker.respond("provision", error);
    const res = await client.put(I, PROVISION);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual(body);
  });

  it.each([
    ["empty body", ""],
    ["malformed JSON", '{"service_id": '],
    ["a JSON array", "[]"],
    ["a JSON string", '"svc"'],
    ["null", "null"],
  ])("400 for %s, broker not called", async (_name, body) => {
    const { client, broker } = createTestHarness();
    const res = await client.put(I, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ description: expect.stringMatching(/JSON/) });
    expect(broker.calls).toEqual([]);
  });

  it.each([
    ["service_id missing", { plan_id: "p" }, "service_id"],
    ["service_id empty", { service_id: "", plan_id: "p" }, "service_id"],
    ["plan_id missing", { service_id: "s" }, "plan_id"],
    ["plan_id empty", { service_id: "s", plan_id: "" }, "plan_id"],
    ["service_id not a string", { service_id: 7, plan_id: "p" }, "service_id"],
    ["parameters not an object", { ...MINIMAL, parameters: [1] }, "parameters"],
    ["context not an object", { ...MINIMAL, context: "k8s" }, "context"],
    ["maintenance_info.version not a string", { ...MINIMAL, maintenance_info: { version: 1 } }, "version"],
    // v2.17 marks both REQUIRED ("MUST be a non-empty string").
    ["organization_guid missing", { service_id: "s", plan_id: "p", space_guid: "sp" }, "organization_guid"],
    ["organization_guid empty", { ...MINIMAL, organization_guid: "" }, "organization_guid"],
    ["space_guid missing", { service_id: "s", plan_id: "p", organization_guid: "o" }, "space_guid"],
    ["space_guid empty", { ...MINIMAL, space_guid: "" }, "space_guid"],
  ])("400 naming the field when %s", async (_name, body, field) => {
    const { client, broker } = createTestHarness();
    const res = await client.put(I, body);
    expect(res.status).toBe(400);
    expect((await res.json()).description).toContain(field);
    expect(broker.calls).toEqual([]);
  });

  it("400 when accepts_incomplete is neither true nor false", async () => {
    const { client, broker } = createTestHarness();
    const res = await client.put(`${I}?accepts_incomplete=maybe`, PROVISION);
    expect(res.status).toBe(400);
    expect((await res.json()).description).toContain("accepts_incomplete");
    expect(broker.calls).toEqual([]);
  });

  it("null optional fields read as absent", async () => {
    const { client, broker } = createTestHarness();
    const res = await client.put(I, { ...MINIMAL, parameters: null, context: null });
    expect(res.status).toBe(201);
    expect(broker.lastCall("provision")?.args[1]).toEqual(MINIMAL);
  });

  it.each([
    ["{}", {}],
    ['{"version": ""}', { version: "" }],
  ])("maintenance_info %s reads as absent (Go clients send an empty struct)", async (_name, info) => {
    const { client, broker } = createTestHarness();
    const res = await client.put(I, { ...MINIMAL, maintenance_info: info });
    expect(res.status).toBe(201);
    expect(broker.lastCall("provision")?.args[1]).toEqual(MINIMAL);
    const patch = await client.patch(I, { service_id: "s", maintenance_info: info });
    expect(patch.status).toBe(200);
    expect(broker.lastCall("update")?.args[1]).toEqual({ service_id: "s" });
  });
});

describe("PATCH /v2/service_instances/:instance_id (update)", () => {
  it("200 {} when synchronous; plan_id optional; previous_values passed", async () => {
    const { client, broker } = createTestHarness();
    const body = { service_id: "s", parameters: { a: 1 }, previous_values: { plan_id: "p" }, unknown: 1 };
    const res = await client.patch(I, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(broker.lastCall("update")?.args[1]).toEqual({
      service_id: "s",
      parameters: { a: 1 },
      previous_values: { plan_id: "p" },
    });
  });

  it("202 {operation} when async", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("update", { async: true, operation: "op-2" });
    const res = await client.patch(`${I}?accepts_incomplete=true`, { service_id: "s", plan_id: "p2" });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ operation: "op-2" });
    expect(broker.lastCall("update")?.args[2].acceptsIncomplete).toBe(true);
  });

  it.each([
    ["missing", { plan_id: "p" }],
    ["empty", { service_id: "" }],
  ])("400 when service_id is %s", async (_name, body) => {
    const { client, broker } = createTestHarness();
    const res = await client.patch(I, body);
    expect(res.status).toBe(400);
    expect((await res.json()).description).toContain("service_id");
    expect(broker.calls).toEqual([]);
  });

  it("422 ConcurrencyError from the broker", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("update", concurrencyError());
    const res = await client.patch(I, { service_id: "s" });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: "ConcurrencyError", description: expect.any(String) });
  });
});

describe("DELETE /v2/service_instances/:instance_id (deprovision)", () => {
  it("200 {} when synchronous, with the query decoded", async () => {
    const { client, broker } = createTestHarness();
    const res = await client.delete(`${I}?service_id=s&plan_id=p&extra=1`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(broker.lastCall("deprovision")?.args.slice(0, 2)).toEqual(["inst-1", { service_id: "s", plan_id: "p" }]);
  });

  it("202 {operation} when async", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("deprovision", { async: true, operation: "op-3" });
    const res = await client.delete(`${I}?service_id=s&plan_id=p&accepts_incomplete=true`);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ operation: "op-3" });
  });

  it("410 {} when the instance is gone", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("deprovision", instanceGone());
    const res = await client.delete(`${I}?service_id=s&plan_id=p`);
    expect(res.status).toBe(410);
    expect(await res.json()).toEqual({});
  });

  it.each([
    ["no query", ""],
    ["service_id missing", "?plan_id=p"],
    ["plan_id missing", "?service_id=s"],
    ["plan_id empty", "?service_id=s&plan_id="],
  ])("400 when %s", async (_name, query) => {
    const { client, broker } = createTestHarness();
    const res = await client.delete(`${I}${query}`);
    expect(res.status).toBe(400);
    expect((await res.json()).description).toMatch(/service_id|plan_id/);
    expect(broker.calls).toEqual([]);
  });
});
