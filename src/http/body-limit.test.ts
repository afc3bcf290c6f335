import { Hono } from "hono";
import { describe, expect, it } from "vitest";
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
