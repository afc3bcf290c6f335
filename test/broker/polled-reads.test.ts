import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { execFileSync } from "node:child_process";
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
 * Reads that today's clients poll forever (issue 14, item 3), through a real broker, real HTTP and
 * real terraform (terraform-test). TERRAFORM_BIN is a wrapper that appends each invocation to a log,
 * so the tests see exactly which requests start terraform.
 */
let t: TestBroker;
let invocations: string;
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "osb-reads-"));
  invocations = join(dir, "terraform-invocations.log");
  const real = execFileSync("sh", ["-c", "command -v terraform"], { encoding: "utf8" }).trim();
  const wrapper = join(dir, "terraform");
  await writeFile(wrapper, `#!/bin/sh\necho "$1" >> '${invocations}'\nexec '${real}' "$@"\n`);
  await chmod(wrapper, 0o755);
  await writeFile(invocations, "");
  t = await startTestBroker({ env: { TERRAFORM_BIN: wrapper } });
});
afterAll(async () => t?.close());

const terraformRuns = async () => (await readFile(invocations, "utf8")).split("\n").filter(Boolean).length;
const bindBody = { service_id: SERVICE_ID, plan_id: PLAN_ID, app_guid: "app-1" };
const ids = `service_id=${SERVICE_ID}&plan_id=${PLAN_ID}`;

async function provisioned(id: string, body: Record<string, unknown>): Promise<void> {
  const put = await t.client.put(instancePath(id), body);
  expect(put.status, await put.clone().text()).toBe(202);
  expect((await t.waitForInstance(id)).body.state).toBe("succeeded");
}

/** Asserts a JSON body (content type and parse) and returns it. */
async function jsonOf(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get("content-type") ?? "").toMatch(/^application\/json/);
  const text = await response.text();
  expect(text, `${response.status} body`).not.toBe("");
  return JSON.parse(text) as Record<string, unknown>;
}

describe("GET instance: exactly what the platform sent", () => {
  it("returns the parameters as sent (no plan defaults merged in) and the stored context", async () => {
    const context = { platform: "kubernetes", namespace: "apps", instance_name: "db" };
    await provisioned("reads-exact", { ...provisionBody({ message: "hi" }), context });
    const record = await t.broker.records.getInstance("reads-exact");
    // The record keeps both: what terraform got (defaults merged) and what was sent.
    expect(record?.values).toMatchObject({ message: "hi", sleep_seconds: 0, fail_after_first: false });
    expect(record?.parameters).toEqual({ message: "hi" });
    const got = await jsonOf(await t.client.get("/v2/service_instances/reads-exact"));
    expect(got.parameters).toEqual({ message: "hi" });
    expect(got.context).toEqual(context);
    expect((got.maintenance_info as { version: string }).version).toMatch(/^1\.0\.0\+terraform\./);
  });

  it("after an update returns the update's parameters exactly as sent, allow_replace included", async () => {
    await provisioned("reads-upd", provisionBody({ message: "a", sleep_seconds: 0 }));
    const sent = { message: "b", allow_replace: true };
    const patch = await t.client.patch(instancePath("reads-upd"), { service_id: SERVICE_ID, parameters: sent });
    expect(patch.status, await patch.clone().text()).toBe(202);
    expect((await t.waitForInstance("reads-upd")).body.state).toBe("succeeded");
    const got = await jsonOf(await t.client.get("/v2/service_instances/reads-upd"));
    expect(got.parameters).toEqual(sent);
    // The effective values still merge the earlier ones (a partial update keeps what it omits).
    expect((await t.broker.records.getInstance("reads-upd"))?.values).toMatchObject({ message: "b", sleep_seconds: 0 });
  });

  it("empty query values (plan_id=&service_id=&operation=) count as absent", async () => {
    await provisioned("reads-empty", provisionBody());
    const put = await t.client.put(bindingPath("reads-empty", "b1"), bindBody);
    expect(put.status).toBe(201);
    for (const path of [
      "/v2/service_instances/reads-empty?plan_id=&service_id=",
      "/v2/service_instances/reads-empty/last_operation?plan_id=&service_id=&operation=",
      bindingPath("reads-empty", "b1", "plan_id=&service_id="),
      bindingPath("reads-empty", "b1/last_operation", "plan_id=&service_id=&operation="),
    ]) {
      const response = await t.client.get(path);
      expect(response.status, path).toBe(200);
      await jsonOf(response);
    }
  });

  it("GET instance and GET binding never start terraform", async () => {
    await provisioned("reads-noterraform", provisionBody());
    expect((await t.client.put(bindingPath("reads-noterraform", "b1"), bindBody)).status).toBe(201);
    const before = await terraformRuns();
    expect(before).toBeGreaterThan(0); // the wrapper does see the provision's and the bind's runs
    for (let i = 0; i < 20; i++) {
      expect((await t.client.get("/v2/service_instances/reads-noterraform")).status).toBe(200);
      expect((await t.client.get(bindingPath("reads-noterraform", "b1"))).status).toBe(200);
      expect((await t.client.get("/v2/service_instances/reads-noterraform/last_operation")).status).toBe(200);
    }
    expect(await terraformRuns()).toBe(before);
  });
});

describe("repeated PUTs (Korifi re-sends them on every reconcile)", () => {
  it("a repeated provision answers 202 with the same operation while it runs, then 200 with the same body", async () => {
    const body = provisionBody({ sleep_seconds: 3 });
    const first = await t.client.put(instancePath("reads-repeat"), body);
    expect(first.status).toBe(202);
    const { operation } = await jsonOf(first);
    for (let i = 0; i < 5; i++) {
      const again = await t.client.put(instancePath("reads-repeat"), body);
      expect(again.status).toBe(202);
      expect(await jsonOf(again)).toEqual({ operation });
    }
    expect((await t.broker.records.listOperations("reads-repeat")).map((op) => op.id)).toEqual([operation]);
    expect((await t.waitForInstance("reads-repeat")).body.state).toBe("succeeded");
    const bodies = [];
    for (let i = 0; i < 3; i++) {
      const done = await t.client.put(instancePath("reads-repeat"), body);
      expect(done.status).toBe(200);
      bodies.push(await jsonOf(done));
    }
    expect(bodies).toEqual([{}, {}, {}]);
    expect((await t.broker.records.listOperations("reads-repeat")).length).toBe(1);
  });

  it("a repeated bind after completion answers 200 with the same credentials, and no new run", async () => {
    await provisioned("reads-rebind", provisionBody({ message: "m" }));
    const path = bindingPath("reads-rebind", "b1", "accepts_incomplete=true");
    const first = await t.client.put(path, bindBody);
    expect(first.status).toBe(202);
    const { operation } = await jsonOf(first);
    const again = await t.client.put(path, bindBody);
    // Still running: the same operation; already done: the credentials.
    if (again.status === 202) expect(await jsonOf(again)).toEqual({ operation });
    else expect(again.status).toBe(200);
    expect((await t.waitForBinding("reads-rebind", "b1")).body.state).toBe("succeeded");
    const before = await terraformRuns();
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const done = await t.client.put(path, bindBody);
      expect(done.status).toBe(200);
      answers.push(await jsonOf(done));
    }
    expect(answers[0]).toEqual({ credentials: { message: "m", binding_id: "b1" } });
    expect(answers).toEqual([answers[0], answers[0], answers[0]]);
    expect(await terraformRuns()).toBe(before);
  });
});

describe("error bodies are always JSON", () => {
  it("404, 405, 409, 410, 422 and unbind answers carry a JSON body; 409 and 422 say why", async () => {
    await provisioned("reads-errors", provisionBody({ message: "x" }));
    expect((await t.client.put(bindingPath("reads-errors", "b1"), bindBody)).status).toBe(201);

    const notFound = await t.client.get("/v2/service_instances/nope");
    expect(notFound.status).toBe(404);
    expect(await jsonOf(notFound)).toEqual({ description: "instance nope does not exist" });

    const notAllowed = await t.client.send("POST", "/v2/service_instances/reads-errors");
    expect(notAllowed.status).toBe(405);
    expect((await jsonOf(notAllowed)).description).toContain("POST");

    const conflict = await t.client.put(instancePath("reads-errors"), provisionBody({ message: "y" }));
    expect(conflict.status).toBe(409);
    expect(await jsonOf(conflict)).toEqual({
      description: "instance already exists with different attributes: parameters differ",
    });
    const bindConflict = await t.client.put(bindingPath("reads-errors", "b1"), { ...bindBody, app_guid: "other" });
    expect(bindConflict.status).toBe(409);
    expect((await jsonOf(bindConflict)).description).toContain("app_guid");

    const goneInstance = await t.client.delete(deletePath("nope"));
    expect(goneInstance.status).toBe(410);
    expect(await jsonOf(goneInstance)).toEqual({});
    const goneBinding = await t.client.delete(bindingPath("reads-errors", "nope", ids));
    expect(goneBinding.status).toBe(410);
    expect(await jsonOf(goneBinding)).toEqual({});

    const unbind = await t.client.delete(bindingPath("reads-errors", "b1", ids));
    expect(unbind.status).toBe(200);
    expect(await jsonOf(unbind)).toEqual({});

    // 422 while an update runs names the operation in progress.
    const patch = await t.client.patch(instancePath("reads-errors"), {
      service_id: SERVICE_ID,
      parameters: { message: "z", sleep_seconds: 2 },
    });
    expect(patch.status).toBe(202);
    const { operation } = (await patch.json()) as { operation: string };
    const busy = await t.client.put(bindingPath("reads-errors", "b2"), bindBody);
    expect(busy.status).toBe(422);
    expect(await jsonOf(busy)).toEqual({
      error: "ConcurrencyError",
      description: `update operation ${operation} is in progress for instance reads-errors; retry when it has finished`,
    });
    const fetching = await t.client.get("/v2/service_instances/reads-errors");
    expect(fetching.status).toBe(422);
    expect((await jsonOf(fetching)).description).toContain(operation);
    expect((await t.waitForInstance("reads-errors")).body.state).toBe("succeeded");
  });
});
