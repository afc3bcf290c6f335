import { describe, expect, it } from "vitest";
import { createTestHarness } from "../../test/helpers/http-test-harness.js";

/**
 * Issue 12 item 8: request bodies that are not `application/json` were read as JSON (a proxy that
 * rewrites bodies could smuggle them). Now 415 naming the type received; the broker is not called.
 */
const I = "/v2/service_instances/i1?accepts_incomplete=true";
const B = "/v2/service_instances/i1/service_bindings/b1?accepts_incomplete=true";
const body = JSON.stringify({ service_id: "s", plan_id: "p", organization_guid: "o", space_guid: "s" });

describe("Content-Type of request bodies", () => {
  it.each([
    ["PUT", I, "text/plain"],
    ["PATCH", I, "application/x-www-form-urlencoded"],
    ["PUT", B, "application/xml; charset=utf-8"],
    ["PUT", I, "application/jsonp"],
    ["PUT", I, "multipart/form-data; boundary=x"],
  ])("%s %s with %s: 415 naming it; the broker is not called", async (method, path, type) => {
    const { client, broker } = createTestHarness();
    const res = await client.send(method as "PUT", path, { body, headers: { "Content-Type": type } });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      description: `Content-Type ${JSON.stringify(type)} is not supported: send application/json`,
    });
    expect(broker.calls).toEqual([]);
  });

  it("a body without a Content-Type: 415", async () => {
    const { app, broker } = createTestHarness();
    const res = await app.request(I, {
      method: "PUT",
      headers: {
        Authorization: `Basic ${Buffer.from("platform:s3cret-broker-password").toString("base64")}`,
        "X-Broker-API-Version": "2.17",
      },
      body: new TextEncoder().encode(body),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({ description: "the request body has no Content-Type: send application/json" });
    expect(broker.calls).toEqual([]);
  });

  it.each(["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"])(
    "%s is accepted",
    async (type) => {
      const { client, broker } = createTestHarness();
      const res = await client.send("PUT", I, { body, headers: { "Content-Type": type } });
      expect(res.status).toBe(201);
      expect(broker.lastCall("provision")).toBeDefined();
    },
  );

  it("an empty body without a Content-Type reaches the route (400 body required); GET and DELETE are not checked", async () => {
    const { app, client } = createTestHarness();
    const auth = { Authorization: `Basic ${Buffer.from("platform:s3cret-broker-password").toString("base64")}` };
    const empty = await app.request(I, { method: "PUT", headers: { ...auth, "X-Broker-API-Version": "2.17" } });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ description: "request body is required and must be a JSON object" });
    expect((await client.get("/v2/service_instances/i1", { "Content-Type": "text/plain" })).status).toBe(200);
    const remove = await client.delete("/v2/service_instances/i1?service_id=s&plan_id=p&accepts_incomplete=true", {
      "Content-Type": "text/plain",
    });
    expect(remove.status).toBe(200);
  });
});
