import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import {
  PLAN_ID,
  SERVICE_ID,
  bindingPath,
  deletePath,
  instancePath,
  provisionBody,
} from "../helpers/broker-fixture.js";
import { createRecords } from "../../src/state/records.js";
import { envelopeKeyId } from "../../src/state/crypto/envelope.js";
import { readOperationLog } from "../../src/worker/operation-log.js";
import { createPrivateProxy, describeOpenstack, type PrivateProxy } from "../helpers/openstack-test-env.js";
import type { StateStore } from "../../src/state/state-store.js";
import { createSwiftBrokerWorld, waitForState, type SwiftBrokerWorld } from "./swift-broker-fixture.js";

const worlds: SwiftBrokerWorld[] = [];
const proxies: PrivateProxy[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const world of worlds) await world.close();
  for (const proxy of proxies) await proxy.dispose();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function world(privateEndpoint?: string): Promise<SwiftBrokerWorld> {
  const dir = await mkdtemp(join(tmpdir(), "osb-swift-"));
  dirs.push(dir);
  const w = await createSwiftBrokerWorld(dir, privateEndpoint);
  worlds.push(w);
  return w;
}

/** Waits until terraform is applying (the operation log says so). */
async function untilApplying(store: StateStore, instanceId: string, operation: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const log = await readOperationLog(store, instanceId, operation).catch(() => []);
    if (log.some((line) => line.type === "apply_start")) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`terraform never started applying ${instanceId}`);
}

const lastOperation = (id: string) => `/v2/service_instances/${id}/last_operation`;

describeOpenstack("the broker on the Swift store (real Keystone, Swift, terraform)", () => {
  it("lifecycle: terraform state round-trips through the http backend into Swift, as ciphertext", async () => {
    const w = await world();
    const broker = await w.start(); // application credential (STATE_CLOUD=demo-appcred)
    expect(
      (await broker.client.put(instancePath("sw-1"), provisionBody({ message: "db-password-0xC0FFEE" }))).status,
    ).toBe(202);
    expect(await waitForState(broker.client, lastOperation("sw-1"))).toEqual({
      state: "succeeded",
      description: "provisioned",
    });

    const keys = await w.view.raw.list("instances/sw-1/");
    expect(keys).toEqual(expect.arrayContaining(["instances/sw-1/record.json", "instances/sw-1/tfstate"]));
    for (const key of keys) {
      const bytes = await w.view.raw.get(key);
      if (bytes === undefined) continue; // a lease released meanwhile
      const atRest = Buffer.from(bytes);
      expect(envelopeKeyId(atRest)).toBe("k1");
      expect(atRest.includes("db-password-0xC0FFEE")).toBe(false);
    }
    const state = JSON.parse(new TextDecoder().decode(await w.view.store.get("instances/sw-1/tfstate")));
    expect(JSON.stringify(state)).toContain("db-password-0xC0FFEE");
    expect(await w.view.raw.get("instances/sw-1/tfstate.lock")).toBeUndefined();

    const bind = await broker.client.put(bindingPath("sw-1", "b-1", "accepts_incomplete=true"), {
      service_id: SERVICE_ID,
      plan_id: PLAN_ID,
      app_guid: "app",
    });
    expect([200, 201, 202]).toContain(bind.status);
    if (bind.status === 202) await waitForState(broker.client, `${bindingPath("sw-1", "b-1")}/last_operation`);
    const binding = await broker.client.get(bindingPath("sw-1", "b-1"));
    expect(((await binding.json()) as { credentials: Record<string, unknown> }).credentials).toMatchObject({
      message: "db-password-0xC0FFEE",
    });

    // A second broker with password auth on the same container sees every record.
    const second = await w.start({ STATE_CLOUD: "demo", BROKER_ID: "second", WORK_DIR: join(w.dir, "work-2") });
    expect((await second.client.get("/v2/service_instances/sw-1")).status).toBe(200);
    const unbind = await second.client.delete(
      bindingPath("sw-1", "b-1", `service_id=${SERVICE_ID}&plan_id=${PLAN_ID}&accepts_incomplete=true`),
    );
    expect([200, 202]).toContain(unbind.status);
    if (unbind.status === 202) await waitForState(second.client, `${bindingPath("sw-1", "b-1")}/last_operation`);
    expect((await second.client.delete(deletePath("sw-1"))).status).toBe(202);
    expect(await waitForState(second.client, lastOperation("sw-1"))).toEqual({}); // 410 Gone: deprovisioned
    expect((await second.client.get(lastOperation("sw-1"))).status).toBe(410);
    expect(await w.view.raw.get("instances/sw-1/tfstate")).toBeUndefined();
  });

  it("a second broker process resumes the first one's in-flight apply after the first is killed", async () => {
    const w = await world();
    const lease = { LEASE_TTL_SECONDS: "2" };
    const a = await w.start({ ...lease, BROKER_ID: "broker-a", WORK_DIR: join(w.dir, "work-a") });
    const put = await a.client.put(instancePath("sw-2"), provisionBody({ message: "resumed", sleep_seconds: 4 }));
    const { operation } = (await put.json()) as { operation: string };
    await untilApplying(w.view.store, "sw-2", operation);
    expect(await w.view.raw.get("instances/sw-2/tfstate.lock")).toBeDefined();
    a.child.kill("SIGKILL");
    await new Promise((r) => a.child.once("exit", r));

    const b = await w.start({ ...lease, STATE_CLOUD: "demo", BROKER_ID: "broker-b", WORK_DIR: join(w.dir, "work-b") });
    expect(await waitForState(b.client, lastOperation("sw-2"))).toEqual({
      state: "succeeded",
      description: "provisioned",
    });
    const records = createRecords(w.view.store);
    expect((await records.getOperation("sw-2", operation))?.attempts).toBe(2);
    expect(await w.view.raw.get("instances/sw-2/tfstate.lock")).toBeUndefined();
  });

  it("Swift stopped in the middle of an apply and started again: the operation completes, nothing is lost", async () => {
    const proxy = await createPrivateProxy();
    proxies.push(proxy);
    await proxy.start();
    const w = await world(proxy.endpointOverride);
    const broker = await w.start({ STATE_CLOUD: "demo-private" });
    const put = await broker.client.put(
      instancePath("sw-3"),
      provisionBody({ message: "survives-outage", sleep_seconds: 3 }),
    );
    const { operation } = (await put.json()) as { operation: string };
    await untilApplying(w.view.store, "sw-3", operation);
    await proxy.stop();
    await new Promise((r) => setTimeout(r, 2000));
    await proxy.start();
    expect(await waitForState(broker.client, lastOperation("sw-3"))).toEqual({
      state: "succeeded",
      description: "provisioned",
    });
    const state = new TextDecoder().decode(await w.view.store.get("instances/sw-3/tfstate"));
    expect(state).toContain("survives-outage");
    expect(await w.view.raw.get("instances/sw-3/tfstate.lock")).toBeUndefined();
  });
});
