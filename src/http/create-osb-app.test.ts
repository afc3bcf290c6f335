import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createOsbApp, osbNotFound } from "./create-osb-app.js";
import { createFakeBroker, FAKE_CATALOG } from "../domain/fake-broker.js";
import { createOsbTestClient } from "../../test/helpers/osb-test-client.js";
import { createTestHarness, TEST_CREDENTIALS } from "../../test/helpers/http-test-harness.js";

describe("GET /v2/catalog", () => {
  it("200 with the broker's catalog", async () => {
    const { client } = createTestHarness();
    const res = await client.get("/v2/catalog");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(FAKE_CATALOG);
  });
});

describe("unknown routes and methods", () => {
  it.each([
    "/v2",
    "/v2/",
    "/v2/nope",
    "/v2/service_instances",
    "/v2/service_instances/i1/service_bindings",
    "/elsewhere",
  ])("404 {description} for %s", async (path) => {
    const { client } = createTestHarness();
    const res = await client.get(path);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ description: expect.stringContaining(path) });
  });

  it("unknown /v2 routes still require auth", async () => {
    const { client } = createTestHarness();
    const res = await client.get("/v2/nope", { Authorization: undefined });
    expect(res.status).toBe(401);
  });

  it.each([
    ["POST", "/v2/catalog", "GET, HEAD"],
    ["POST", "/v2/service_instances/i1", "GET, PUT, PATCH, DELETE, HEAD"],
    ["PUT", "/v2/service_instances/i1/last_operation", "GET, HEAD"],
    ["PATCH", "/v2/service_instances/i1/service_bindings/b1", "GET, PUT, DELETE, HEAD"],
    ["DELETE", "/v2/service_instances/i1/service_bindings/b1/last_operation", "GET, HEAD"],
  ])("405 for %s %s with Allow", async (method, path, allow) => {
    const { client, broker } = createTestHarness();
    const res = await client.send(method, path);
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe(allow);
    expect(await res.json()).toEqual({ description: expect.stringContaining(method) });
    expect(broker.calls).toEqual([]);
  });
});

describe("request body limit", () => {
  it("413 {description} for a body over the limit, broker not called", async () => {
    const broker = createFakeBroker();
    const app = createOsbApp({ broker, credentials: TEST_CREDENTIALS, maxBodyBytes: 64 });
    const client = createOsbTestClient({ request: (p, i) => app.request(p, i), credentials: TEST_CREDENTIALS });
    const res = await client.put("/v2/service_instances/i1", {
      service_id: "s",
      plan_id: "p",
      parameters: { pad: "x".repeat(100) },
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ description: "request body too large" });
    expect(broker.calls).toEqual([]);
  });
});

describe("composition into a server app", () => {
  it("works under app.route('/') beside other routes, keeping OSB errors and auth", async () => {
    const broker = createFakeBroker();
    broker.respond("provision", new Error("internal detail"));
    const server = new Hono();
    server.get("/tfstate/:key", (c) => c.text(`state ${c.req.param("key")}`));
    server.route("/", createOsbApp({ broker, credentials: TEST_CREDENTIALS }));
    server.notFound(osbNotFound);
    const client = createOsbTestClient({ request: (p, i) => server.request(p, i), credentials: TEST_CREDENTIALS });

    expect((await client.get("/v2/catalog")).status).toBe(200);
    expect((await client.get("/v2/catalog", { Authorization: undefined })).status).toBe(401);
    const failed = await client.put("/v2/service_instances/i1", {
      service_id: "s",
      plan_id: "p",
      organization_guid: "o",
      space_guid: "sp",
    });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ description: "internal error" });
    expect((await client.get("/v2/nope")).status).toBe(404);
    expect((await client.send("POST", "/v2/catalog")).status).toBe(405);
    // The OSB envelope does not leak onto the other routes.
    const state = await server.request("/tfstate/abc");
    expect(state.status).toBe(200);
    expect(await state.text()).toBe("state abc");
    const other = await server.request("/other");
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ description: expect.any(String) });
  });
});

describe("path ids", () => {
  it.each([
    ["PUT", "/v2/service_instances/a*b", "instance_id"],
    ["GET", "/v2/service_instances/a%2Fb", "instance_id"],
    ["DELETE", "/v2/service_instances/a%20b?service_id=s&plan_id=p", "instance_id"],
    ["GET", `/v2/service_instances/${"x".repeat(201)}/last_operation`, "instance_id"],
    ["PUT", "/v2/service_instances/i1/service_bindings/b%2F..", "binding_id"],
    ["GET", "/v2/service_instances/i%3A1/service_bindings/b1/last_operation", "instance_id"],
  ])("400 naming the parameter for %s %s, broker not called", async (method, path, name) => {
    const { client, broker } = createTestHarness();
    const res = await client.send(method, path, method === "PUT" ? { body: { service_id: "s", plan_id: "p" } } : {});
    expect(res.status).toBe(400);
    expect((await res.json()).description).toContain(name);
    expect(broker.calls).toEqual([]);
  });

  it("'..' is normalized away by URL parsing and never reaches the broker", async () => {
    const { client, broker } = createTestHarness();
    const res = await client.put("/v2/service_instances/%2E%2E", { service_id: "s", plan_id: "p" });
    expect(res.status).toBe(404);
    expect(broker.calls).toEqual([]);
  });

  it("accepts GUIDs and dotted ids", async () => {
    const { client, broker } = createTestHarness();
    const res = await client.get("/v2/service_instances/6f1c2b9e-8d1a-4b5e-9c33-0a1b2c3d4e5f/service_bindings/v1.2_b");
    expect(res.status).toBe(200);
    expect(broker.lastCall("getBinding")?.args.slice(0, 2)).toEqual(["6f1c2b9e-8d1a-4b5e-9c33-0a1b2c3d4e5f", "v1.2_b"]);
  });
});
