import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { osbBodyLimit } from "./body-limit.js";
import type { OsbEnv } from "./types.js";

/** A request like @hono/node-server's lightweight one: reading `body` is what builds the full Request. */
function countingRequest(method: string, body: string | undefined): { request: Request; bodyReads: () => number } {
  let reads = 0;
  const real = new Request("http://broker/v2/x", {
    method,
    body,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
  });
  const request = Object.create(real, {
    method: { value: method },
    url: { value: real.url },
    headers: { value: real.headers },
    body: {
      get() {
        reads++;
        return real.body;
      },
    },
  }) as Request;
  return { request, bodyReads: () => reads };
}

function app(maxBytes: number) {
  const a = new Hono<OsbEnv>();
  a.use("/v2/*", osbBodyLimit(maxBytes));
  a.get("/v2/x", (c) => c.text("read"));
  a.put("/v2/x", async (c) => c.text(`got ${(await c.req.text()).length}`));
  return a;
}

describe("osbBodyLimit", () => {
  it("never reads the body of a GET (no full Request built per poll)", async () => {
    const { request, bodyReads } = countingRequest("GET", undefined);
    const res = await app(10).fetch(request);
    expect(res.status).toBe(200);
    expect(bodyReads()).toBe(0);
  });

  it("413 {description} for a PUT body over the limit, the route not called", async () => {
    const res = await app(10).request("/v2/x", {
      method: "PUT",
      body: JSON.stringify({ long: "x".repeat(20) }),
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ description: "request body too large" });
  });

  it("passes a PUT body within the limit to the route", async () => {
    const res = await app(100).request("/v2/x", { method: "PUT", body: "{}" });
    expect(await res.text()).toBe("got 2");
  });
});

describe("osbBodyLimit over @hono/node-server (the body read from node's stream)", () => {
  const servers: ReturnType<typeof serve>[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));

  /** Serves `app(maxBytes)` plus a route reporting what it read and whether the full Request was built. */
  async function start(maxBytes: number) {
    const a = app(maxBytes);
    a.patch("/v2/x", async (c) => {
      const json = (await c.req.json()) as unknown;
      const text = await c.req.text();
      const built = Object.getOwnPropertySymbols(c.req.raw).some(
        (s) => s.description === "requestCache" && (c.req.raw as unknown as Record<symbol, unknown>)[s] !== undefined,
      );
      return c.json({ json, text, built });
    });
    const server = serve({ fetch: a.fetch, port: 0, hostname: "127.0.0.1" });
    servers.push(server);
    await new Promise((resolve) => server.once("listening", resolve));
    return (server.address() as AddressInfo).port;
  }

  function send(port: number, method: string, body: string, chunked = false) {
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const headers: Record<string, string> = { "Content-Type": "application/json" };
      if (!chunked) headers["Content-Length"] = String(Buffer.byteLength(body));
      const req = httpRequest({ port, host: "127.0.0.1", path: "/v2/x", method, headers }, (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on("error", reject);
      if (chunked) for (let i = 0; i < body.length; i += 7) req.write(body.slice(i, i + 7));
      else req.write(body);
      req.end();
    });
  }

  it("a body within the limit reaches c.req.json() and c.req.text() (BOM dropped), no Fetch Request built", async () => {
    const port = await start(100);
    const body = '\uFEFF{"a":"\u00e9"}';
    for (const chunked of [false, true]) {
      const res = await send(port, "PATCH", body, chunked);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ json: { a: "é" }, text: '{"a":"é"}', built: false });
    }
  });

  it("413 {description} over the limit, by Content-Length and by the bytes of a chunked body", async () => {
    const port = await start(10);
    for (const chunked of [false, true]) {
      const res = await send(port, "PUT", JSON.stringify({ long: "x".repeat(40) }), chunked);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body)).toEqual({ description: "request body too large" });
    }
    // The connection and the server still serve the next request.
    expect((await send(port, "PUT", "{}")).body).toBe("got 2");
  });
});
