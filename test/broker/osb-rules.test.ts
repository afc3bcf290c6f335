import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SERVICE_ID,
  PLAN_ID,
  bindingPath,
  deletePath,
  instancePath,
  provisionBody,
  startTestBroker,
  type TestBroker,
} from "../helpers/broker-fixture.js";

/** OSB rules through a real broker, real HTTP and real terraform (terraform-test service). */
let t: TestBroker;
beforeAll(async () => {
  t = await startTestBroker();
});
afterAll(async () => t?.close());

const bindBody = { service_id: SERVICE_ID, plan_id: PLAN_ID, app_guid: "app-1" };
const unbindQuery = `service_id=${SERVICE_ID}&plan_id=${PLAN_ID}`;
const lastOp = (id: string, query = "") =>
  t.client.get(`/v2/service_instances/${id}/last_operation${query ? `?${query}` : ""}`);
const json = async (response: Response) => (await response.json()) as Record<string, unknown>;
const stored = (id: string) => t.broker.records.store.list(`instances/${id}/`);

async function provisioned(id: string, parameters: Record<string, unknown> = {}): Promise<void> {
  expect((await t.client.put(instancePath(id), provisionBody(parameters))).status).toBe(202);
  expect((await t.waitForInstance(id)).body.state).toBe("succeeded");
}

describe("OSB rules through the broker (real terraform)", () => {
  it("while provisioning: GET instance 404, bind 422 ConcurrencyError, poll with operation=provision answers the latest", async () => {
    const put = await t.client.put(instancePath("rules-prov"), provisionBody({ sleep_seconds: 2 }));
    expect(put.status).toBe(202);
    const { operation } = (await put.json()) as { operation: string };

    expect((await t.client.get("/v2/service_instances/rules-prov")).status).toBe(404);
    const bind = await t.client.put(bindingPath("rules-prov", "b", "accepts_incomplete=true"), bindBody);
    expect(bind.status).toBe(422);
    expect(await json(bind)).toMatchObject({ error: "ConcurrencyError" });
    expect(await t.broker.records.getBinding("rules-prov", "b")).toBeUndefined();

    // Platforms sometimes send a literal such as "provision": the latest operation answers.
    const literal = await lastOp("rules-prov", "operation=provision");
    expect(literal.status).toBe(200);
    expect(await json(literal)).toMatchObject({ state: "in progress" });
    expect((await t.waitForInstance("rules-prov")).body.state).toBe("succeeded");
    expect(await json(await lastOp("rules-prov", "operation=provision"))).toMatchObject({ state: "succeeded" });
    expect(await json(await lastOp("rules-prov", `operation=${operation}`))).toMatchObject({
      state: "succeeded",
      description: "provisioned",
    });
    expect((await t.client.get("/v2/service_instances/rules-prov")).status).toBe(200);
  });

  it("while updating: GET instance 422 ConcurrencyError; polling a named older operation answers that one", async () => {
    await provisioned("rules-upd", { message: "a" });
    const provisionOp = (await t.broker.records.getInstance("rules-upd"))!.lastOperationId;
    const patch = await t.client.patch(instancePath("rules-upd"), {
      service_id: SERVICE_ID,
      parameters: { sleep_seconds: 2 },
    });
    expect(patch.status).toBe(202);
    const get = await t.client.get("/v2/service_instances/rules-upd");
    expect(get.status).toBe(422);
    expect(await json(get)).toMatchObject({ error: "ConcurrencyError" });
    expect(await json(await lastOp("rules-upd", `operation=${provisionOp}`))).toMatchObject({
      state: "succeeded",
      description: "provisioned",
    });
    expect(await json(await lastOp("rules-upd"))).toMatchObject({ state: "in progress" });
    expect((await t.waitForInstance("rules-upd")).body.state).toBe("succeeded");
    // The parameters exactly as the update sent them (a client compares them with its spec).
    expect(await json(await t.client.get("/v2/service_instances/rules-upd"))).toMatchObject({
      parameters: { sleep_seconds: 2 },
    });
    expect((await t.broker.records.getInstance("rules-upd"))?.values).toMatchObject({ message: "a", sleep_seconds: 2 });
  });

  it("maintenance_info.version not the plan's: 422 MaintenanceInfoConflict, nothing stored or changed", async () => {
    const put = await t.client.put(instancePath("rules-mi"), {
      ...provisionBody(),
      maintenance_info: { version: "2.0.0" },
    });
    expect(put.status).toBe(422);
    expect(await json(put)).toMatchObject({
      error: "MaintenanceInfoConflict",
      description: expect.stringContaining("2.0.0"),
    });
    expect(await stored("rules-mi")).toEqual([]);

    await provisioned("rules-mi2");
    const before = await stored("rules-mi2");
    const patch = await t.client.patch(instancePath("rules-mi2"), {
      service_id: SERVICE_ID,
      maintenance_info: { version: "0.9.0" },
    });
    expect(patch.status).toBe(422);
    expect(await json(patch)).toMatchObject({ error: "MaintenanceInfoConflict" });
    expect(await stored("rules-mi2")).toEqual(before);
    // The plan's own version (derived: the construct's and terraform's, as GET /v2/catalog says) is accepted.
    const catalog = (await json(await t.client.get("/v2/catalog"))) as {
      services: { plans: { id: string; maintenance_info: { version: string } }[] }[];
    };
    const version = catalog.services[0].plans.find((p) => p.id === PLAN_ID)!.maintenance_info.version;
    expect(version).toMatch(/^1\.0\.0\+terraform\./);
    const same = await t.client.put(instancePath("rules-mi3"), {
      ...provisionBody(),
      maintenance_info: { version },
    });
    expect(same.status).toBe(202);
    await t.waitForInstance("rules-mi3");
  });

  it("unknown service_id or plan_id: 400, nothing stored", async () => {
    const badService = await t.client.put(instancePath("rules-400"), {
      ...provisionBody(),
      service_id: "no-such-service",
    });
    expect(badService.status).toBe(400);
    expect((await json(badService)).description).toContain("no-such-service");
    const badPlan = await t.client.put(instancePath("rules-400"), { ...provisionBody(), plan_id: "no-such-plan" });
    expect(badPlan.status).toBe(400);
    expect((await json(badPlan)).description).toContain("no-such-plan");
    expect(await stored("rules-400")).toEqual([]);

    await provisioned("rules-400b");
    const before = await stored("rules-400b");
    const patch = await t.client.patch(instancePath("rules-400b"), { service_id: SERVICE_ID, plan_id: "no-such-plan" });
    expect(patch.status).toBe(400);
    const bind = await t.client.put(bindingPath("rules-400b", "b"), { ...bindBody, plan_id: "no-such-plan" });
    expect(bind.status).toBe(400);
    expect(await stored("rules-400b")).toEqual(before);
  });

  it("keeps the originating identity and the request identity on the operation record, and echoes the request identity", async () => {
    const identity = { user_id: "683ea748-3092-4ff4-b656-39cacc4d5360", user_name: "alice" };
    const headers = {
      "X-Broker-API-Originating-Identity": `cloudfoundry ${Buffer.from(JSON.stringify(identity)).toString("base64")}`,
      "X-Broker-API-Request-Identity": "e26cea44-1c2d-4b4e-8a23-8a1d1a5b2f3c",
    };
    const put = await t.client.put(instancePath("rules-id"), provisionBody(), headers);
    expect(put.status).toBe(202);
    expect(put.headers.get("X-Broker-API-Request-Identity")).toBe(headers["X-Broker-API-Request-Identity"]);
    const { operation } = (await put.json()) as { operation: string };
    expect(await t.broker.records.getOperation("rules-id", operation)).toMatchObject({
      originatingIdentity: { platform: "cloudfoundry", value: identity },
      requestIdentity: headers["X-Broker-API-Request-Identity"],
    });
    await t.waitForInstance("rules-id");
    // Kept with the outcome too (the worker rewrites the record).
    expect(await t.broker.records.getOperation("rules-id", operation)).toMatchObject({
      state: "succeeded",
      requestIdentity: headers["X-Broker-API-Request-Identity"],
    });
  });

  it("a context-only update: 200 {} when nothing changes, 422 when the service does not allow context updates", async () => {
    await t.client.put(instancePath("rules-ctx"), {
      ...provisionBody(),
      context: { platform: "kubernetes", namespace: "a" },
    });
    await t.waitForInstance("rules-ctx");
    const operations = (await t.broker.records.listOperations("rules-ctx")).length;
    const nothing = await t.client.patch(instancePath("rules-ctx"), { service_id: SERVICE_ID });
    expect(nothing.status).toBe(200);
    expect(await nothing.json()).toEqual({});
    const sameContext = await t.client.patch(instancePath("rules-ctx", ""), {
      service_id: SERVICE_ID,
      context: { platform: "kubernetes", namespace: "a" },
    });
    expect(sameContext.status).toBe(200);
    expect(await sameContext.json()).toEqual({});
    // terraform-test does not declare allow_context_updates.
    const changed = await t.client.patch(instancePath("rules-ctx"), {
      service_id: SERVICE_ID,
      context: { platform: "kubernetes", namespace: "b" },
    });
    expect(changed.status).toBe(422);
    expect((await json(changed)).description).toContain("context updates are not allowed");
    expect((await t.broker.records.getInstance("rules-ctx"))?.context).toEqual({
      platform: "kubernetes",
      namespace: "a",
    });
    expect((await t.broker.records.listOperations("rules-ctx")).length).toBe(operations);
  });

  it("unbind or deprovision of something unknown: 410 {}; bind to an unknown instance: 404", async () => {
    const deprovision = await t.client.delete(deletePath("rules-nobody"));
    expect(deprovision.status).toBe(410);
    expect(await deprovision.json()).toEqual({});
    const unbindNoInstance = await t.client.delete(bindingPath("rules-nobody", "b", unbindQuery));
    expect(unbindNoInstance.status).toBe(410);
    expect(await unbindNoInstance.json()).toEqual({});
    const bind = await t.client.put(bindingPath("rules-nobody", "b", "accepts_incomplete=true"), bindBody);
    expect(bind.status).toBe(404);
    expect(await stored("rules-nobody")).toEqual([]);

    await provisioned("rules-410");
    const unbindNoBinding = await t.client.delete(bindingPath("rules-410", "never-bound", unbindQuery));
    expect(unbindNoBinding.status).toBe(410);
    expect(await unbindNoBinding.json()).toEqual({});
  });

  it("a binding operation in progress: deprovision and update of the instance are 422 ConcurrencyError", async () => {
    await provisioned("rules-bindop");
    const bind = await t.client.put(bindingPath("rules-bindop", "b", "accepts_incomplete=true"), bindBody);
    expect(bind.status).toBe(202);
    // terraform init + apply of the binding stack takes far longer than these requests.
    const del = await t.client.delete(deletePath("rules-bindop"));
    expect(del.status).toBe(422);
    expect(await json(del)).toMatchObject({ error: "ConcurrencyError" });
    const patch = await t.client.patch(instancePath("rules-bindop"), {
      service_id: SERVICE_ID,
      parameters: { message: "changed" },
    });
    expect(patch.status).toBe(422);
    expect(await json(patch)).toMatchObject({ error: "ConcurrencyError" });
    expect((await t.waitForBinding("rules-bindop", "b")).body.state).toBe("succeeded");
    expect((await t.broker.records.getInstance("rules-bindop"))?.status).toBe("ready");
    // Once the binding is done, deprovision is accepted.
    expect((await t.client.delete(deletePath("rules-bindop"))).status).toBe(202);
    expect((await t.waitForInstance("rules-bindop")).status).toBe(410);
  });

  it("an update failure leaves instance_usable and update_repeatable true; the instance keeps its values", async () => {
    await provisioned("rules-updfail", { message: "kept" });
    const patch = await t.client.patch(instancePath("rules-updfail"), {
      service_id: SERVICE_ID,
      parameters: { fail_on: "apply" },
    });
    expect(patch.status).toBe(202);
    const result = await t.waitForInstance("rules-updfail");
    expect(result).toEqual({
      status: 200,
      body: {
        state: "failed",
        description: expect.stringContaining("simulated failure during apply"),
        instance_usable: true,
        update_repeatable: true,
      },
    });
    const instance = await t.client.get("/v2/service_instances/rules-updfail");
    expect(instance.status).toBe(200);
    expect(await json(instance)).toMatchObject({ parameters: { message: "kept" } });
    // Repeatable: a corrected update is accepted and succeeds.
    const again = await t.client.patch(instancePath("rules-updfail"), {
      service_id: SERVICE_ID,
      parameters: { message: "new" },
    });
    expect(again.status).toBe(202);
    expect((await t.waitForInstance("rules-updfail")).body.state).toBe("succeeded");
  });

  it("an identical PUT while updating is 200 (already provisioned), while deprovisioning 422 ConcurrencyError", async () => {
    await provisioned("rules-idem", { message: "same" });
    expect(
      (await t.client.patch(instancePath("rules-idem"), { service_id: SERVICE_ID, parameters: { sleep_seconds: 2 } }))
        .status,
    ).toBe(202);
    const whileUpdating = await t.client.put(instancePath("rules-idem"), provisionBody({ message: "same" }));
    expect(whileUpdating.status).toBe(200);
    expect(await whileUpdating.json()).toEqual({});
    expect((await t.waitForInstance("rules-idem")).body.state).toBe("succeeded");

    // Identical to the instance's parameters now: those the update sent.
    const identical = provisionBody({ sleep_seconds: 2 });
    expect((await t.client.delete(deletePath("rules-idem"))).status).toBe(202);
    const whileDeprovisioning = await t.client.put(instancePath("rules-idem"), identical);
    expect(whileDeprovisioning.status).toBe(422);
    expect(await json(whileDeprovisioning)).toMatchObject({ error: "ConcurrencyError" });
    expect((await t.waitForInstance("rules-idem")).status).toBe(410);
    // Once gone, the same id can be provisioned again.
    expect((await t.client.put(instancePath("rules-idem"), identical)).status).toBe(202);
    expect((await t.waitForInstance("rules-idem")).body.state).toBe("succeeded");
  });

  it("an identical bind while the binding is being unbound is 422 ConcurrencyError, not the unbind's operation", async () => {
    await provisioned("rules-rebind");
    expect((await t.client.put(bindingPath("rules-rebind", "b"), bindBody)).status).toBe(201);
    const unbind = await t.client.delete(bindingPath("rules-rebind", "b", `${unbindQuery}&accepts_incomplete=true`));
    expect(unbind.status).toBe(202);
    const rebind = await t.client.put(bindingPath("rules-rebind", "b", "accepts_incomplete=true"), bindBody);
    expect(rebind.status).toBe(422);
    expect(await json(rebind)).toMatchObject({ error: "ConcurrencyError" });
    expect((await t.waitForBinding("rules-rebind", "b")).status).toBe(410);
    expect((await t.client.put(bindingPath("rules-rebind", "b"), bindBody)).status).toBe(201);
  });
});
