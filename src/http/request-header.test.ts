import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { requestHeader } from "./request-header.js";

interface Seen {
  readonly version: string | undefined;
  readonly identity: string | undefined;
  readonly missing: string | undefined;
  /** Whether @hono/node-server built its Fetch Headers for the request (its lightweight Request caches them). */
  readonly headersBuilt: boolean;
}

function app(seen: Seen[]) {
  const a = new Hono();
  a.get("/h", (c) => {
    seen.push({
      version: requestHeader(c, "X-Broker-API-Version"),
      identity: requestHeader(c, "x-broker-api-request-identity"),
      missing: requestHeader(c, "X-Broker-API-Originating-Identity"),
      headersBuilt: Object.getOwnPropertySymbols(c.req.raw).some(
        (s) => s.description === "headersKey" && (c.req.raw as unknown as Record<symbol, unknown>)[s] !== undefined,
      ),
    });
    return c.text("ok");
  });
  return a;
}

describe("requestHeader", () => {
  const servers: ReturnType<typeof serve>[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));

  it("over @hono/node-server: the values node parsed, any case, repeats joined, no Fetch Headers built", async () => {
    const seen: Seen[] = [];
    const server = serve({ fetch: app(seen).fetch, port: 0, hostname: "127.0.0.1" });
    servers.push(server);
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        {
          port,
          host: "127.0.0.1",
          path: "/h",
          headers: { "X-Broker-API-Version": "2.17", "X-Broker-API-Request-Identity": ["a", "b"] },
        },
        (res) => res.resume().on("end", resolve),
      );
      req.on("error", reject).end();
    });
    expect(seen).toEqual([{ version: "2.17", identity: "a, b", missing: undefined, headersBuilt: false }]);
  });

  it("through app.request() (no node request): the Request's headers, as c.req.header reads them", async () => {
    const seen: Seen[] = [];
    const headers = new Headers([
      ["X-Broker-API-Version", "2.17"],
      ["X-Broker-API-Request-Identity", "a"],
      ["X-Broker-API-Request-Identity", "b"],
    ]);
    await app(seen).request("/h", { headers });
    expect(seen.map(({ headersBuilt: _, ...rest }) => rest)).toEqual([
      { version: "2.17", identity: "a, b", missing: undefined },
    ]);
  });
});
