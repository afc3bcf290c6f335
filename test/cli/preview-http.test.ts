import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CREDENTIALS,
  PLAN_ID,
  provisionBody,
  SERVICE_ID,
  startTestBroker,
  testBrokerEnv,
  type TestBroker,
} from "../helpers/broker-fixture.js";
import type { PlanReport } from "../../src/broker/dry-run/plan-report.js";
import { runCli, snapshotDir } from "./cli-harness.js";

/** POST /x-preview/service_instances/:id on a real broker: the CLI's dry-run over HTTP, behind basic auth. */
describe("HTTP preview", () => {
  let t: TestBroker;
  const auth = `Basic ${Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString("base64")}`;
  const preview = (id: string, body: unknown, authorization = auth) =>
    fetch(`${t.broker.url}/x-preview/service_instances/${id}`, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    t = await startTestBroker();
    expect(
      (await t.client.put("/v2/service_instances/db1?accepts_incomplete=true", provisionBody({ message: "hello" })))
        .status,
    ).toBe(202);
    expect((await t.waitForInstance("db1")).body.state).toBe("succeeded");
  }, 60_000);
  afterAll(() => t?.close());

  it("needs the broker's credentials", async () => {
    const response = await preview("new1", { service_id: SERVICE_ID, plan_id: PLAN_ID }, "Basic d3Jvbmc6d3Jvbmc=");
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ description: "invalid broker credentials" });
  });

  it("a create answers the same document as plan --json, writing nothing", async () => {
    const before = await snapshotDir(`${t.dir}/state`);
    const response = await preview("new1", { service_id: SERVICE_ID, plan_id: PLAN_ID, parameters: { message: "hi" } });
    expect(response.status).toBe(200);
    const report = (await response.json()) as PlanReport;
    const cli = await runCli(
      [
        "plan",
        "--service",
        SERVICE_ID,
        "--plan",
        PLAN_ID,
        "--params",
        '{"message":"hi"}',
        "--instance-id",
        "new1",
        "--json",
      ],
      { env: testBrokerEnv(t.dir) },
    );
    expect(report).toEqual(JSON.parse(cli.stdout));
    expect(await snapshotDir(`${t.dir}/state`)).toEqual(before);
    expect(await t.broker.records.getInstance("new1")).toBeUndefined();
  }, 60_000);

  it("an existing instance is previewed as an update, with the broker's refusal", async () => {
    const response = await preview("db1", { service_id: SERVICE_ID, plan_id: "3cf42e03-9d9e-41ea-823e-cfe9de93ee64" });
    expect(response.status).toBe(200);
    const report = (await response.json()) as PlanReport;
    expect(report).toMatchObject({ kind: "update", plan: { name: "other" }, refused: { status: 422 } });
  }, 60_000);

  it("bad requests: the broker's error text, nothing planned", async () => {
    const invalid = await preview("new2", {
      service_id: SERVICE_ID,
      plan_id: PLAN_ID,
      parameters: { sleep_seconds: 9999 },
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { description: string }).description).toMatch(/^parameters\.sleep_seconds: /);
    const unknown = await preview("new2", { service_id: "nope", plan_id: PLAN_ID });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      description: 'service_id: unknown service "nope" (the catalog offers: terraform-test)',
    });
    expect((await preview("new2", "{not json")).status).toBe(400);
  });
});
