import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOsbApp } from "./create-osb-app.js";
import { createFakeBroker } from "../domain/fake-broker.js";
import { createOsbTestClient, type OsbTestClient } from "../../test/helpers/osb-test-client.js";
import { TEST_CREDENTIALS } from "../../test/helpers/http-test-harness.js";

/** The same app over a real loopback socket (@hono/node-server), as the server will run it. */
describe("OSB app over real HTTP", () => {
  const broker = createFakeBroker();
  let server: ServerType;
  let client: OsbTestClient;
  let base = "";

  beforeAll(async () => {
    const app = createOsbApp({ broker, credentials: TEST_CREDENTIALS });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = createOsbTestClient({ request: (path, init) => fetch(base + path, init), credentials: TEST_CREDENTIALS });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("provisions async and polls with Retry-After, echoing the request identity", async () => {
    broker.respond("provision", { async: true, operation: "op-http" });
    broker.respond("lastOperation", { state: "in progress", description: "applying", retryAfterSeconds: 1 });
    const put = await client.put(
      "/v2/service_instances/i1?accepts_incomplete=true",
      { service_id: "s", plan_id: "p", organization_guid: "o", space_guid: "sp" },
      {
        "X-Broker-API-Request-Identity": "rid-1",
      },
    );
    expect(put.status).toBe(202);
    expect(put.headers.get("X-Broker-API-Request-Identity")).toBe("rid-1");
    expect(await put.json()).toEqual({ operation: "op-http" });
    const poll = await client.get("/v2/service_instances/i1/last_operation?operation=op-http");
    expect(poll.status).toBe(200);
    expect(poll.headers.get("Retry-After")).toBe("1");
    expect(await poll.json()).toEqual({ state: "in progress", description: "applying" });
  });

  it("401 and 412 over the wire", async () => {
    expect((await fetch(`${base}/v2/catalog`)).status).toBe(401);
    expect((await client.get("/v2/catalog", { "X-Broker-API-Version": "2.18" })).status).toBe(412);
  });
});
