import { workDirLeftovers } from "../helpers/work-dir-leftovers.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  SERVICE_ID,
  PLAN_ID,
  OTHER_PLAN_ID,
  bindingPath,
  deletePath,
  instancePath,
  provisionBody,
  startTestBroker,
  type TestBroker,
} from "../helpers/broker-fixture.js";

let t: TestBroker;
beforeAll(async () => {
  t = await startTestBroker();
});
afterAll(async () => t?.close());

const bindBody = (parameters?: Record<string, unknown>) => ({
  service_id: SERVICE_ID,
  plan_id: PLAN_ID,
  app_guid: "app-1",
  parameters,
});
const unbindQuery = `service_id=${SERVICE_ID}&plan_id=${PLAN_ID}`;

describe("terraform-test lifecycle through the broker, real terraform", () => {
  it("provision -> poll -> bind -> GET binding -> unbind -> deprovision -> 410", async () => {
    const put = await t.client.put(instancePath("life-1"), provisionBody({ message: "hi there" }));
    expect(put.status).toBe(202);
    const { operation } = (await put.json()) as { operation: string };
    expect(operation).toMatch(/^provision-/);

    const done = await t.waitForInstance("life-1");
    expect(done).toEqual({ status: 200, body: { state: "succeeded", description: "provisioned" } });

    const instance = await t.client.get("/v2/service_instances/life-1");
    expect(instance.status).toBe(200);
    expect(await instance.json()).toMatchObject({
      service_id: SERVICE_ID,
      plan_id: PLAN_ID,
      parameters: { message: "hi there" },
    });

    const bind = await t.client.put(bindingPath("life-1", "b-1", "accepts_incomplete=true"), bindBody());
    expect(bind.status).toBe(202);
    expect(await t.waitForBinding("life-1", "b-1")).toMatchObject({ status: 200, body: { state: "succeeded" } });
    const binding = await t.client.get(bindingPath("life-1", "b-1"));
    expect(binding.status).toBe(200);
    expect(await binding.json()).toEqual({ credentials: { message: "hi there", binding_id: "b-1" }, parameters: {} });

    const unbind = await t.client.delete(bindingPath("life-1", "b-1", unbindQuery));
    expect(unbind.status).toBe(200);
    expect((await t.client.get(bindingPath("life-1", "b-1"))).status).toBe(404);
    // The instance stays after unbind.
    expect((await t.client.get("/v2/service_instances/life-1")).status).toBe(200);

    const del = await t.client.delete(deletePath("life-1"));
    expect(del.status).toBe(202);
    expect((await t.waitForInstance("life-1")).status).toBe(410);
    expect((await t.client.get("/v2/service_instances/life-1")).status).toBe(404);
    expect((await t.client.delete(deletePath("life-1"))).status).toBe(410);
    // The terraform state of the instance is gone from the store.
    expect(await t.broker.records.store.get("instances/life-1/tfstate")).toBeUndefined();
  });

  it("a synchronous bind answers 201 with credentials; a repeat is 200, a different one 409", async () => {
    await t.client.put(instancePath("sync-1"), provisionBody({ message: "m" }));
    await t.waitForInstance("sync-1");
    const first = await t.client.put(bindingPath("sync-1", "b"), bindBody({ message: "per-binding" }));
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ credentials: { message: "per-binding", binding_id: "b" } });
    const again = await t.client.put(bindingPath("sync-1", "b"), bindBody({ message: "per-binding" }));
    expect(again.status).toBe(200);
    const different = await t.client.put(bindingPath("sync-1", "b"), bindBody({ message: "other" }));
    expect(different.status).toBe(409);
    expect(await different.json()).toEqual({
      description: "binding already exists with different attributes: parameters differ",
    });
  });

  it("a parameter ${file(...)} arrives in the resource and the credentials as literal text", async () => {
    const literal = '${file("/etc/passwd")} and %{ if true }x%{ endif }';
    await t.client.put(instancePath("literal-1"), provisionBody({ message: literal }));
    expect((await t.waitForInstance("literal-1")).body.state).toBe("succeeded");
    const bind = await t.client.put(bindingPath("literal-1", "b"), bindBody());
    expect(await bind.json()).toEqual({ credentials: { message: literal, binding_id: "b" } });
    const state = JSON.parse(new TextDecoder().decode(await t.broker.records.store.get("instances/literal-1/tfstate")));
    const resource = state.resources.find((r: { name: string }) => r.name === "message");
    expect(resource.instances[0].attributes.output).toEqual({ value: literal, type: "string" });
  });

  it("identical provision: 202 with the same operation while running, 200 when done; different: 409", async () => {
    const body = provisionBody({ message: "idem", sleep_seconds: 2 });
    const first = (await (await t.client.put(instancePath("idem-1"), body)).json()) as { operation: string };
    const repeat = await t.client.put(instancePath("idem-1"), body);
    expect(repeat.status).toBe(202);
    expect(await repeat.json()).toEqual({ operation: first.operation });
    const different = await t.client.put(instancePath("idem-1"), provisionBody({ message: "other" }));
    expect(different.status).toBe(409);
    // Another operation while one runs: 422 ConcurrencyError.
    const update = await t.client.patch(instancePath("idem-1"), {
      service_id: SERVICE_ID,
      parameters: { message: "x" },
    });
    expect(update.status).toBe(422);
    expect(await update.json()).toMatchObject({ error: "ConcurrencyError" });
    await t.waitForInstance("idem-1");
    const done = await t.client.put(instancePath("idem-1"), body);
    expect(done.status).toBe(200);
  });

  it("without accepts_incomplete provisioning is 422 AsyncRequired and nothing is created", async () => {
    const response = await t.client.put(instancePath("async-1", ""), provisionBody());
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: "AsyncRequired" });
    expect(await t.broker.records.store.list("instances/async-1/")).toEqual([]);
  });

  it("parameters failing the plan's schema: 400 naming the parameter, nothing created", async () => {
    const response = await t.client.put(instancePath("bad-1"), provisionBody({ sleep_seconds: 100000 }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { description: string }).description).toContain("sleep_seconds");
    expect(await t.broker.records.store.list("instances/bad-1/")).toEqual([]);
  });

  it("an update changes parameters and plan in place", async () => {
    await t.client.put(instancePath("upd-1"), provisionBody({ message: "before" }));
    await t.waitForInstance("upd-1");
    const patch = await t.client.patch(instancePath("upd-1"), {
      service_id: SERVICE_ID,
      parameters: { message: "after" },
    });
    expect(patch.status).toBe(202);
    expect((await t.waitForInstance("upd-1")).body.state).toBe("succeeded");
    const bind = await t.client.put(bindingPath("upd-1", "b"), bindBody());
    expect(((await bind.json()) as { credentials: { message: string } }).credentials.message).toBe("after");
  });

  it("leaves no working directory and no variables file behind", async () => {
    expect(await workDirLeftovers(t.config.workDir)).toEqual([]);
    const logs = (await t.broker.records.store.list("instances/")).filter((k) => k.endsWith(".log"));
    expect(logs.length).toBeGreaterThan(0);
    const text = (await Promise.all(logs.map((k) => readFile(join(t.config.stateDir, k), "utf8")))).join("");
    expect(text).toContain("Apply complete");
    expect(text).not.toContain("per-binding"); // binding credential values never reach the log
  });
});

describe("updates that would destroy data", () => {
  it("a plan change that replaces a stateful resource is refused with 422 naming it, then accepted with allow_replace", async () => {
    await t.client.put(instancePath("repl-1"), provisionBody({ message: "keep me" }));
    await t.waitForInstance("repl-1");
    const refused = await t.client.patch(instancePath("repl-1"), { service_id: SERVICE_ID, plan_id: OTHER_PLAN_ID });
    expect(refused.status).toBe(422);
    const { description } = (await refused.json()) as { description: string };
    expect(description).toContain("replace terraform_data.message");
    expect(description).toContain("allow_replace");
    // Nothing changed: same plan, no new operation.
    expect(((await (await t.client.get("/v2/service_instances/repl-1")).json()) as { plan_id: string }).plan_id).toBe(
      PLAN_ID,
    );
    expect((await t.broker.records.listOperations("repl-1")).length).toBe(1);

    const accepted = await t.client.patch(instancePath("repl-1"), {
      service_id: SERVICE_ID,
      plan_id: OTHER_PLAN_ID,
      parameters: { allow_replace: true },
    });
    expect(accepted.status).toBe(202);
    expect((await t.waitForInstance("repl-1")).body.state).toBe("succeeded");
    expect(((await (await t.client.get("/v2/service_instances/repl-1")).json()) as { plan_id: string }).plan_id).toBe(
      OTHER_PLAN_ID,
    );
  });

  it("an in-place parameter change is not refused", async () => {
    await t.client.put(instancePath("repl-2"), provisionBody({ message: "a" }));
    await t.waitForInstance("repl-2");
    const patch = await t.client.patch(instancePath("repl-2"), {
      service_id: SERVICE_ID,
      parameters: { message: "b" },
    });
    expect(patch.status).toBe(202);
  });
});
