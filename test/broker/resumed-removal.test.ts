import { afterAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCloudStore } from "../../src/simulator/cloud-store.js";
import { keys } from "../../src/state/keys.js";
import { ROOT, startTestBroker, type TestBroker } from "../helpers/broker-fixture.js";

/**
 * Issue 12 item 2: a broker killed after an unbind marked the binding deleted (its secrets cleared)
 * and before the operation's outcome was written resumed the unbind, which failed: "stack
 * trove-database reads secret "password" not declared in secrets.binding". The same holds for a
 * deprovision killed after the instance was marked deleted (barbican-secret reads the instance secret
 * "payload"). trove-mysql and barbican-secret on the simulator; the crash
 * is reproduced by the store it leaves: the removal done and recorded, the operation `in progress`,
 * the dead broker's lease still there.
 */
const SERVICE_ID = "bd7521f0-30db-41d7-9519-6304670ee509";
const PLAN_ID = "0121eb09-c9cf-4400-81e7-572cae529a8f";
const query = `service_id=${SERVICE_ID}&plan_id=${PLAN_ID}&accepts_incomplete=true`;
const SECRET_SERVICE_ID = "bb62718b-af8d-4ab6-b20e-76ce0d7cb360";
const SECRET_PLAN_ID = "fa92d3a8-c45a-413e-a95f-ac11e34cf477";

let dir = "";
let t: TestBroker | undefined;
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const start = () =>
  startTestBroker({ dir, env: { CATALOG_DIR: join(ROOT, "catalog"), SIMULATE: "true", BROKER_ID: "broker-a" } });

/** Stops the broker, then puts the store back as a SIGKILL before the outcome write would have left it. */
async function crashBeforeOutcome(broker: TestBroker, instanceId: string, operationId: string): Promise<void> {
  await broker.close();
  const { records } = broker.broker;
  const op = await records.getOperation(instanceId, operationId);
  expect(op?.state).toBe("succeeded");
  await records.putOperation({ ...op!, state: "in progress", description: "destroying" });
  const lease = { owner: "broker-a", expiresAt: new Date(Date.now() + 60_000).toISOString(), info: {} };
  await records.store.put(
    keys.operationLease(instanceId, operationId),
    new TextEncoder().encode(JSON.stringify(lease)),
  );
}

const lastOperation = async (broker: TestBroker, path: string, operation: string) => {
  for (;;) {
    const response = await broker.client.get(`${path}/last_operation?operation=${operation}`);
    const body = (await response.json()) as Record<string, unknown>;
    if (response.status !== 200 || body.state !== "in progress") return { status: response.status, body };
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe("a removal resumed after a crash between its record write and its outcome", () => {
  it("unbind, then deprovision, of trove-mysql: the platform sees success; nothing left in the cloud", async () => {
    dir = await mkdtemp(join(tmpdir(), "osb-resumed-removal-"));
    t = await start();
    const instancePath = "/v2/service_instances/db1";
    const bindingPath = `${instancePath}/service_bindings/b1`;
    const put = await t.client.put(`${instancePath}?accepts_incomplete=true`, {
      service_id: SERVICE_ID,
      plan_id: PLAN_ID,
      organization_guid: "org-1",
      space_guid: "space-1",
    });
    expect(put.status).toBe(202);
    expect((await t.waitForInstance("db1", 120_000)).body.state).toBe("succeeded");
    const bind = await t.client.put(`${bindingPath}?accepts_incomplete=true`, {
      service_id: SERVICE_ID,
      plan_id: PLAN_ID,
    });
    expect(bind.status).toBe(202);
    expect((await t.waitForBinding("db1", "b1", 120_000)).body.state).toBe("succeeded");

    const unbind = await t.client.delete(`${bindingPath}?${query}`);
    const { operation: unbindOp } = (await unbind.json()) as { operation: string };
    expect((await t.waitForBinding("db1", "b1", 120_000)).status).toBe(410);
    const binding = await t.broker.records.getBinding("db1", "b1");
    expect(binding).toMatchObject({ deleted: true, secrets: {} });
    await crashBeforeOutcome(t, "db1", unbindOp);

    t = await start();
    expect(await lastOperation(t, bindingPath, unbindOp)).toMatchObject({ status: 410 });
    expect((await t.broker.records.getOperation("db1", unbindOp))?.state).toBe("succeeded");

    const remove = await t.client.delete(`${instancePath}?${query}`);
    const { operation: deprovisionOp } = (await remove.json()) as { operation: string };
    expect((await t.waitForInstance("db1", 120_000)).status).toBe(410);
    await crashBeforeOutcome(t, "db1", deprovisionOp);

    t = await start();
    expect(await lastOperation(t, instancePath, deprovisionOp)).toMatchObject({ status: 410 });
    expect((await t.broker.records.getOperation("db1", deprovisionOp))?.state).toBe("succeeded");
    expect(await createCloudStore({ dir: t.config.simulatorDir }).list()).toEqual([]);
  });

  it("deprovision of barbican-secret (an instance secret): the platform sees success; nothing left", async () => {
    t = await start();
    const path = "/v2/service_instances/secret1";
    const body = { service_id: SECRET_SERVICE_ID, plan_id: SECRET_PLAN_ID };
    const where = { organization_guid: "org-1", space_guid: "space-1" }; // REQUIRED in a provision
    expect((await t.client.put(`${path}?accepts_incomplete=true`, { ...body, ...where })).status).toBe(202);
    expect((await t.waitForInstance("secret1", 120_000)).body.state).toBe("succeeded");
    const remove = await t.client.delete(
      `${path}?service_id=${SECRET_SERVICE_ID}&plan_id=${SECRET_PLAN_ID}&accepts_incomplete=true`,
    );
    const { operation } = (await remove.json()) as { operation: string };
    expect((await t.waitForInstance("secret1", 120_000)).status).toBe(410);
    expect(await t.broker.records.getInstance("secret1")).toMatchObject({ deleted: true, secrets: {} });
    await crashBeforeOutcome(t, "secret1", operation);

    t = await start();
    expect(await lastOperation(t, path, operation)).toMatchObject({ status: 410 });
    expect((await t.broker.records.getOperation("secret1", operation))?.state).toBe("succeeded");
    expect(await createCloudStore({ dir: t.config.simulatorDir }).list()).toEqual([]);
  });
});
