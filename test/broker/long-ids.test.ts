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

/**
 * Issue 12 item 1: an instance id and a binding id that are each valid (<= 200 characters) used to
 * make a working-directory name longer than 255 bytes (ENAMETOOLONG): the bind failed, and so did
 * every later DELETE (it destroys the failed binding first). Real broker, real terraform.
 */
let t: TestBroker;
beforeAll(async () => {
  t = await startTestBroker();
});
afterAll(async () => t?.close());

const longId = (prefix: string) => `${prefix}-${"x".repeat(200 - prefix.length - 1)}`;
const bindBody = { service_id: SERVICE_ID, plan_id: PLAN_ID, app_guid: "app-1" };
const unbindQuery = `service_id=${SERVICE_ID}&plan_id=${PLAN_ID}&accepts_incomplete=true`;

describe("200-character instance and binding ids", () => {
  it("provision, bind, GET binding, unbind and deprovision all succeed", async () => {
    const id = longId("long-instance");
    const bid = longId("long-binding");
    expect(id).toHaveLength(200);
    expect(bid).toHaveLength(200);
    expect((await t.client.put(instancePath(id), provisionBody({ message: "long" }))).status).toBe(202);
    expect((await t.waitForInstance(id)).body.state).toBe("succeeded");

    const bind = await t.client.put(bindingPath(id, bid, "accepts_incomplete=true"), bindBody);
    expect(bind.status).toBe(202);
    const bound = await t.waitForBinding(id, bid);
    expect(bound.body).toMatchObject({ state: "succeeded" });
    const got = await t.client.get(bindingPath(id, bid));
    expect(got.status).toBe(200);
    expect(((await got.json()) as { credentials: Record<string, unknown> }).credentials).toMatchObject({
      message: "long",
      binding_id: bid,
    });

    expect((await t.client.delete(bindingPath(id, bid, unbindQuery))).status).toBe(202);
    expect((await t.waitForBinding(id, bid)).status).toBe(410);
    expect((await t.client.delete(deletePath(id))).status).toBe(202);
    expect((await t.waitForInstance(id)).status).toBe(410);
  });

  it("an instance left by the old broker with a binding that failed (ENAMETOOLONG) deprovisions", async () => {
    const id = longId("old-instance");
    const bid = longId("old-binding");
    expect((await t.client.put(instancePath(id), provisionBody())).status).toBe(202);
    expect((await t.waitForInstance(id)).body.state).toBe("succeeded");
    // What the broker before the fix left in the store (keys are unchanged): a failed bind operation
    // and its binding record, `failed`, with no terraform state.
    const records = t.broker.records;
    const now = new Date().toISOString();
    const opId = "bind-00000000-0000-4000-8000-000000000001";
    await records.putOperation({
      id: opId,
      type: "bind",
      instanceId: id,
      bindingId: bid,
      state: "failed",
      description: `ENAMETOOLONG: name too long, mkdir '/work/${id}-${bid}-0a1b2c3d'`,
      createdAt: now,
      updatedAt: now,
      attempts: 1,
    });
    await records.putBinding({
      id: bid,
      instanceId: id,
      serviceId: SERVICE_ID,
      planId: PLAN_ID,
      parameters: {},
      values: {},
      appGuid: "app-1",
      status: "failed",
      credentials: {},
      secrets: {},
      lastOperationId: opId,
      createdAt: now,
    });

    expect((await t.client.delete(deletePath(id))).status).toBe(202);
    const done = await t.waitForInstance(id);
    expect(done.status).toBe(410);
    expect(await records.store.list(`instances/${id}/bindings/${bid}/tfstate`)).toEqual([]);
  });
});
