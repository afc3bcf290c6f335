import { describe, expect, it } from "vitest";
import { basicAuthHeader } from "../../test/helpers/osb-test-client.js";
import { parseOriginatingIdentity } from "./originating-identity.js";
import { isSupportedApiVersion } from "./api-version.js";
import { constantTimeEquals, parseBasicAuth } from "./basic-auth.js";
import { createTestHarness, TEST_CREDENTIALS } from "../../test/helpers/http-test-harness.js";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64");

describe("basic auth", () => {
  it("401 with a description and WWW-Authenticate when Authorization is missing", async () => {
    const { client, broker } = createTestHarness();
    const res = await client.get("/v2/catalog", { Authorization: undefined });
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toMatch(/^Basic realm=/);
    expect(await res.json()).toEqual({ description: expect.stringContaining("Authorization") });
    expect(broker.calls).toEqual([]);
  });

  it.each([
    ["wrong password", basicAuthHeader(TEST_CREDENTIALS.username, "nope")],
    ["wrong username", basicAuthHeader("someone", TEST_CREDENTIALS.password)],
    ["password prefix", basicAuthHeader(TEST_CREDENTIALS.username, TEST_CREDENTIALS.password.slice(0, -1))],
    ["not basic", "Bearer abc"],
    ["no colon", `Basic ${Buffer.from("platform").toString("base64")}`],
  ])("401 for %s, before any broker call", async (_name, header) => {
    const { client, broker } = createTestHarness();
    const res = await client.put(
      "/v2/service_instances/i1",
      { service_id: "s", plan_id: "p", organization_guid: "o", space_guid: "sp" },
      { Authorization: header },
    );
    expect(res.status).toBe(401);
    expect((await res.json()).description).toEqual(expect.any(String));
    expect(broker.calls).toEqual([]);
  });

  it("auth is checked before the version header", async () => {
    const { client } = createTestHarness();
    const res = await client.get("/v2/catalog", { Authorization: undefined, "X-Broker-API-Version": undefined });
    expect(res.status).toBe(401);
  });

  it("parses Basic credentials whose password contains a colon", () => {
    expect(parseBasicAuth(basicAuthHeader("u", "a:b"))).toEqual({ username: "u", password: "a:b" });
    expect(parseBasicAuth(undefined)).toBeUndefined();
    expect(constantTimeEquals("abc", "abc")).toBe(true);
    expect(constantTimeEquals("abc", "abcd")).toBe(false);
  });
});

describe("X-Broker-API-Version", () => {
  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["2.12", "2.12"],
    ["2.18", "2.18"],
    ["3.0", "3.0"],
    ["garbage", "latest"],
  ])("412 naming the accepted range when %s", async (_name, version) => {
    const { client, broker } = createTestHarness();
    const res = await client.get("/v2/catalog", { "X-Broker-API-Version": version });
    expect(res.status).toBe(412);
    expect((await res.json()).description).toContain("2.13 to 2.17");
    expect(broker.calls).toEqual([]);
  });

  it.each(["2.13", "2.14", "2.15", "2.16", "2.17"])("accepts %s and passes it to the broker", async (version) => {
    const { client, broker } = createTestHarness({ apiVersion: version });
    const res = await client.put("/v2/service_instances/i1", {
      service_id: "s",
      plan_id: "p",
      organization_guid: "o",
      space_guid: "sp",
    });
    expect(res.status).toBe(201);
    expect(broker.lastCall("provision")?.args[2].apiVersion).toBe(version);
  });

  it("rejects versions outside 2.13..2.17 in the pure check", () => {
    expect(isSupportedApiVersion("2.13")).toBe(true);
    expect(isSupportedApiVersion("2.017")).toBe(false);
    expect(isSupportedApiVersion("2.1")).toBe(false);
    expect(isSupportedApiVersion("2.17.0")).toBe(false);
  });
});

describe("X-Broker-API-Request-Identity", () => {
  const ID = "e26cea46-3a39-4d4e-8f1d-3c2a4b1f0f7a";

  it("is echoed on success and passed in RequestMeta", async () => {
    const { client, broker } = createTestHarness();
    const res = await client.put(
      "/v2/service_instances/i1",
      { service_id: "s", plan_id: "p", organization_guid: "o", space_guid: "sp" },
      { "X-Broker-API-Request-Identity": ID },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("X-Broker-API-Request-Identity")).toBe(ID);
    expect(broker.lastCall("provision")?.args[2].requestIdentity).toBe(ID);
  });

  it.each([
    ["401", { Authorization: undefined }, "/v2/catalog", 401],
    ["412", { "X-Broker-API-Version": "2.12" }, "/v2/catalog", 412],
    ["404", {}, "/v2/nothing-here", 404],
    ["400 originating identity", { "X-Broker-API-Originating-Identity": "cloudfoundry" }, "/v2/catalog", 400],
  ] as const)("is echoed on a %s error", async (_name, headers, path, status) => {
    const { client } = createTestHarness();
    const res = await client.get(path, { ...headers, "X-Broker-API-Request-Identity": ID });
    expect(res.status).toBe(status);
    expect(res.headers.get("X-Broker-API-Request-Identity")).toBe(ID);
  });

  it("is echoed on broker errors and 500s", async () => {
    const { client, broker } = createTestHarness();
    broker.respond("getInstance", new Error("boom"));
    const res = await client.get("/v2/service_instances/i1", { "X-Broker-API-Request-Identity": ID });
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Broker-API-Request-Identity")).toBe(ID);
  });

  it("is absent from the response and RequestMeta when not sent", async () => {
    const { client, broker } = createTestHarness();
    const res = await client.put("/v2/service_instances/i1", {
      service_id: "s",
      plan_id: "p",
      organization_guid: "o",
      space_guid: "sp",
    });
    expect(res.headers.has("X-Broker-API-Request-Identity")).toBe(false);
    expect(broker.lastCall("provision")?.args[2]).not.toHaveProperty("requestIdentity");
  });
});

describe("X-Broker-API-Originating-Identity", () => {
  it("is decoded and passed to the broker", async () => {
    const { client, broker } = createTestHarness();
    const header = `kubernetes ${b64({ username: "duke", groups: ["admin"] })}`;
    await client.put(
      "/v2/service_instances/i1",
      { service_id: "s", plan_id: "p", organization_guid: "o", space_guid: "sp" },
      { "X-Broker-API-Originating-Identity": header },
    );
    expect(broker.lastCall("provision")?.args[2].originatingIdentity).toEqual({
      platform: "kubernetes",
      value: { username: "duke", groups: ["admin"] },
    });
  });

  it("is passed on bind and deprovision too", async () => {
    const { client, broker } = createTestHarness();
    const headers = { "X-Broker-API-Originating-Identity": `cloudfoundry ${b64({ user_id: "u-1" })}` };
    await client.put("/v2/service_instances/i1/service_bindings/b1", { service_id: "s", plan_id: "p" }, headers);
    await client.delete("/v2/service_instances/i1?service_id=s&plan_id=p", headers);
    const expected = { platform: "cloudfoundry", value: { user_id: "u-1" } };
    expect(broker.lastCall("bind")?.args[3].originatingIdentity).toEqual(expected);
    expect(broker.lastCall("deprovision")?.args[2].originatingIdentity).toEqual(expected);
  });

  it.each([
    ["platform only", "cloudfoundry"],
    ["not base64", "cloudfoundry !!!"],
    ["base64 of non-JSON", `cloudfoundry ${Buffer.from("not json").toString("base64")}`],
    ["base64 of an array", `cloudfoundry ${b64([1, 2])}`],
    ["base64 of a string", `cloudfoundry ${b64("user")}`],
    ["three parts", `cloudfoundry ${b64({})} extra`],
  ])("400 when it is malformed (%s), before any broker call", async (_name, header) => {
    const { client, broker } = createTestHarness();
    const res = await client.put(
      "/v2/service_instances/i1",
      { service_id: "s", plan_id: "p", organization_guid: "o", space_guid: "sp" },
      { "X-Broker-API-Originating-Identity": header },
    );
    expect(res.status).toBe(400);
    expect((await res.json()).description).toContain("X-Broker-API-Originating-Identity");
    expect(broker.calls).toEqual([]);
  });

  it("parses URL-safe base64 without padding", () => {
    const encoded = Buffer.from(JSON.stringify({ a: "??>" })).toString("base64url");
    expect(parseOriginatingIdentity(`kubernetes ${encoded}`)).toEqual({
      ok: true,
      identity: { platform: "kubernetes", value: { a: "??>" } },
    });
  });
});
