import { describe, expect, it } from "vitest";
import { FAKE_PLAN_ID, FAKE_SERVICE_ID } from "../domain/fake-broker.js";
import type { BrokerPreview } from "../broker/preview.js";
import { createPreviewRoutes } from "./preview-routes.js";
import { createRecordingLogger, createTestHarness, TEST_CREDENTIALS } from "../../test/helpers/http-test-harness.js";

const identity = (platform: string, value: object) =>
  `${platform} ${Buffer.from(JSON.stringify(value)).toString("base64")}`;
const body = {
  service_id: FAKE_SERVICE_ID,
  plan_id: FAKE_PLAN_ID,
  organization_guid: "org-1",
  space_guid: "space-1",
  parameters: { password: "param-secret" },
};

describe("the request log: one info line per request", () => {
  it("carries route, status, request identity, the originating user only, instance and operation ids", async () => {
    const { client, logger } = createTestHarness({ responses: { provision: { async: true, operation: "op-1" } } });
    const header = identity("cloudfoundry", { user_id: "u-42", extra: "not-for-logs" });
    const res = await client.put("/v2/service_instances/db1?accepts_incomplete=true", body, {
      "X-Broker-API-Request-Identity": "req-7",
      "X-Broker-API-Originating-Identity": header,
    });
    expect(res.status).toBe(202);
    const info = logger.entries.filter((e) => e.level === "info");
    expect(info).toHaveLength(1);
    expect(info[0]).toEqual({
      level: "info",
      msg: "OSB request",
      obj: {
        method: "PUT",
        route: "/v2/service_instances/:instance_id",
        status: 202,
        ms: expect.any(Number),
        requestIdentity: "req-7",
        user: "cloudfoundry:u-42",
        instance: "db1",
        operation: "op-1",
      },
    });
    const all = JSON.stringify(logger.entries);
    for (const secret of [header.split(" ")[1], "not-for-logs", "param-secret", "s3cret-broker-password"])
      expect(all).not.toContain(secret);
  });

  it("a Kubernetes username, a binding id and a polled operation", async () => {
    const { client, logger } = createTestHarness();
    await client.get("/v2/service_instances/db1/service_bindings/b1/last_operation?operation=op-9", {
      "X-Broker-API-Originating-Identity": identity("kubernetes", { username: "alice", groups: ["admins"] }),
    });
    const [line] = logger.entries.filter((e) => e.level === "info");
    expect(line.obj).toMatchObject({
      route: "/v2/service_instances/:instance_id/service_bindings/:binding_id/last_operation",
      user: "kubernetes:alice",
      instance: "db1",
      binding: "b1",
      operation: "op-9",
    });
    expect(JSON.stringify(line)).not.toContain("admins");
  });

  it("a 401 is the request line at info and a debug line, never a warn", async () => {
    const { client, logger } = createTestHarness();
    for (let i = 0; i < 3; i++)
      expect((await client.get("/v2/catalog", { Authorization: undefined })).status).toBe(401);
    expect(logger.entries.filter((e) => e.level === "warn" || e.level === "error")).toEqual([]);
    const info = logger.entries.filter((e) => e.level === "info");
    expect(info.map((e) => (e.obj as { status: number }).status)).toEqual([401, 401, 401]);
    expect(logger.entries.filter((e) => e.level === "debug").map((e) => e.msg)).toEqual([
      "unauthorized OSB request",
      "unauthorized OSB request",
      "unauthorized OSB request",
    ]);
  });

  it("a refused request (4xx from the broker) is still one info line", async () => {
    const { client, logger } = createTestHarness();
    const res = await client.put("/v2/service_instances/db1?accepts_incomplete=true", { plan_id: "p" });
    expect(res.status).toBe(400);
    expect(logger.entries.filter((e) => e.level === "info")).toHaveLength(1);
  });
});

describe("the preview routes log their requests the same way", () => {
  it("POST /x-preview/... without credentials: one info line with the route, the 401 and the request identity", async () => {
    const logger = createRecordingLogger();
    const broker = { preview: () => Promise.reject(new Error("not reached")) } as unknown as BrokerPreview;
    const app = createPreviewRoutes({ broker, credentials: TEST_CREDENTIALS, logger });
    const res = await app.request("/x-preview/service_instances/db1", {
      method: "POST",
      headers: { "X-Broker-API-Request-Identity": "req-p" },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("X-Broker-API-Request-Identity")).toBe("req-p");
    expect(logger.entries.filter((e) => e.level === "info").map((e) => e.obj)).toEqual([
      {
        method: "POST",
        route: "/x-preview/service_instances/:instance_id",
        status: 401,
        ms: expect.any(Number),
        requestIdentity: "req-p",
        instance: "db1",
      },
    ]);
  });
});

describe("the request log and the logger's level", () => {
  it("a pino logger at info gets the line; at warn (the middleware then passes through) nothing", async () => {
    const { createLogger } = await import("../logging/logger.js");
    const { requestLog } = await import("./request-log.js");
    const { Hono } = await import("hono");
    for (const [level, expected] of [
      ["info", 1],
      ["warn", 0],
    ] as const) {
      const lines: string[] = [];
      const logger = createLogger({ level, destination: { write: (line: string) => lines.push(line) } });
      const middleware = requestLog(logger);
      const app = new Hono();
      app.use("*", middleware);
      app.get("/v2/catalog", (c) => c.json({ services: [] }));
      expect((await app.request("/v2/catalog")).status).toBe(200);
      expect(lines).toHaveLength(expected);
    }
  });
});
