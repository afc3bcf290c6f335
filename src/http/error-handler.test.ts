import { describe, expect, it } from "vitest";
import {
  asyncRequired,
  badRequest,
  bindingAlreadyExists,
  bindingGone,
  BrokerError,
  concurrencyError,
  instanceAlreadyExists,
  instanceGone,
  maintenanceInfoConflict,
  notFound,
  unprocessable,
} from "../domain/errors.js";
import { createTestHarness } from "../../test/helpers/http-test-harness.js";

const D = expect.any(String);

describe("BrokerError → response", () => {
  it.each<[string, BrokerError, number, object]>([
    ["badRequest", badRequest("parameters.size must be >= 1"), 400, { description: "parameters.size must be >= 1" }],
    ["notFound", notFound("no such instance"), 404, { description: "no such instance" }],
    [
      "instanceAlreadyExists",
      instanceAlreadyExists(["plan_id", "parameters"]),
      409,
      { description: "instance already exists with different attributes: plan_id, parameters differ" },
    ],
    [
      "bindingAlreadyExists",
      bindingAlreadyExists(["app_guid"]),
      409,
      { description: "binding already exists with different attributes: app_guid differ" },
    ],
    ["instanceGone", instanceGone(), 410, {}],
    ["bindingGone", bindingGone(), 410, {}],
    ["asyncRequired", asyncRequired(), 422, { error: "AsyncRequired", description: D }],
    ["concurrencyError", concurrencyError(), 422, { error: "ConcurrencyError", description: D }],
    ["maintenanceInfoConflict", maintenanceInfoConflict(), 422, { error: "MaintenanceInfoConflict", description: D }],
    // No service requires an app (the broker never throws it); the code still maps like the others.
    ["RequiresApp", new BrokerError(422, "needs an app", "RequiresApp"), 422, { error: "RequiresApp", description: D }],
    ["unprocessable", unprocessable("plan change not supported"), 422, { description: "plan change not supported" }],
  ])("%s → its status and body", async (_name, error, status, body) => {
    const { client, broker } = createTestHarness();
    broker.respond("update", error);
    const res = await client.patch("/v2/service_instances/i1", { service_id: "s" });
    expect(res.status).toBe(status);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await res.json()).toStrictEqual(body);
  });
});

describe("unexpected errors", () => {
  it("500 {description: 'internal error'} with details only in the log", async () => {
    const { client, broker, logger } = createTestHarness();
    const secret = "password=hunter2 at /var/lib/broker/state/x.json";
    broker.respond("provision", new TypeError(secret));
    const res = await client.put("/v2/service_instances/i1", {
      service_id: "s",
      plan_id: "p",
      organization_guid: "o",
      space_guid: "sp",
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toStrictEqual({ description: "internal error" });
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("TypeError");
    const logged = logger.entries.filter((e) => e.level === "error");
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0].obj)).toContain("hunter2");
  });

  it("a throwing synchronous catalog() is a 500 too", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("catalog", new Error("catalog exploded"));
    const res = await client.get("/v2/catalog");
    expect(res.status).toBe(500);
    expect(await res.json()).toStrictEqual({ description: "internal error" });
  });

  it("does not log Authorization or request bodies", async () => {
    const { client, logger } = createTestHarness();
    await client.put("/v2/service_instances/i1", {
      service_id: "s",
      plan_id: "p",
      organization_guid: "o",
      space_guid: "sp",
      parameters: { password: "body-secret" },
    });
    const all = JSON.stringify(logger.entries);
    expect(all).not.toContain("body-secret");
    expect(all).not.toContain("s3cret-broker-password");
    expect(logger.entries.some((e) => e.level === "info" && (e.obj as { status?: number }).status === 201)).toBe(true);
  });
});
