import { describe, expect, it } from "vitest";
import { notFound } from "../domain/errors.js";
import { createTestHarness } from "../../test/helpers/http-test-harness.js";

const I = "/v2/service_instances/inst-1";

describe("GET /v2/service_instances/:instance_id", () => {
  it("200 with the broker's view; poll query passed", async () => {
    const { client, broker } = createTestHarness();
    const view = {
      service_id: "s",
      plan_id: "p",
      dashboard_url: "https://d",
      parameters: { a: 1 },
      maintenance_info: { version: "1.0.0" },
    };
    broker.respond("getInstance", view);
    const res = await client.get(`${I}?service_id=s&plan_id=p`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(view);
    expect(broker.lastCall("getInstance")?.args[1]).toEqual({ service_id: "s", plan_id: "p" });
  });

  it("404 {description} when the broker says not found", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("getInstance", notFound("instance inst-1 does not exist"));
    const res = await client.get(I);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ description: "instance inst-1 does not exist" });
  });
});

describe("GET /v2/service_instances/:instance_id/last_operation", () => {
  it("200 with state, description, instance_usable, update_repeatable and Retry-After", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("lastOperation", {
      state: "in progress",
      description: "applying: 3 of 7 resources done",
      instanceUsable: false,
      updateRepeatable: true,
      retryAfterSeconds: 2.5,
    });
    const res = await client.get(`${I}/last_operation?operation=op-1&service_id=s&plan_id=p`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Retry-After")).toBe("3");
    expect(await res.json()).toEqual({
      state: "in progress",
      description: "applying: 3 of 7 resources done",
      instance_usable: false,
      update_repeatable: true,
    });
    expect(broker.lastCall("lastOperation")?.args.slice(0, 2)).toEqual([
      "inst-1",
      { operation: "op-1", service_id: "s", plan_id: "p" },
    ]);
  });

  it("200 {state} without Retry-After when none is asked; an operation value like 'provision' is passed through", async () => {
    const { client, broker } = createTestHarness();
    const res = await client.get(`${I}/last_operation?operation=provision`);
    expect(res.status).toBe(200);
    expect(res.headers.has("Retry-After")).toBe(false);
    expect(await res.json()).toEqual({ state: "succeeded" });
    expect(broker.lastCall("lastOperation")?.args[1]).toEqual({ operation: "provision" });
  });

  it("410 {} once a deprovision has succeeded", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("lastOperation", { state: "succeeded", gone: true });
    const res = await client.get(`${I}/last_operation`);
    expect(res.status).toBe(410);
    expect(await res.json()).toEqual({});
  });

  it("404 for an unknown instance or operation", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("lastOperation", notFound("no such operation"));
    const res = await client.get(`${I}/last_operation?operation=nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ description: "no such operation" });
  });
});
