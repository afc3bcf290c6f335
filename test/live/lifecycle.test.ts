import { describe, expect, it } from "vitest";
import { badRequest, instanceGone } from "../../src/domain/errors.js";
import type { LastOperation } from "../../src/domain/service-broker.js";
import { createOsbApp } from "../../src/http/create-osb-app.js";
import { createFakeBroker, FAKE_PLAN_ID, FAKE_SERVICE_ID, type FakeBroker } from "../../src/domain/fake-broker.js";
import { createOsbTestClient, type OsbTestClient } from "../helpers/osb-test-client.js";
import type { Leftover } from "./leftovers.js";
import { runPlanLifecycle, type LifecycleOptions } from "./lifecycle.js";

/**
 * The live test's per-plan run and its cleanup, against the fake broker (src/domain/fake-broker.ts)
 * behind the real OSB HTTP layer: whatever fails, deprovision runs and what is left is reported.
 */
const CREDENTIALS = { username: "live-test", password: "fake-broker-password" };

function setUp(configure: (fake: FakeBroker) => void = () => undefined): { fake: FakeBroker; client: OsbTestClient } {
  const fake = createFakeBroker();
  fake.respond("bind", { async: false, credentials: { type: "test", provider: "fake" } });
  configure(fake);
  const app = createOsbApp({ broker: fake, credentials: CREDENTIALS });
  return {
    fake,
    client: createOsbTestClient({ request: (path, init) => app.request(path, init), credentials: CREDENTIALS }),
  };
}

/** lastOperation answers: "in progress" `polls` times, then `final`. */
function progress(polls: number, final: LastOperation): () => LastOperation {
  let n = 0;
  return () => (n++ < polls ? { state: "in progress" } : final);
}

const run = (client: OsbTestClient, extra: Partial<LifecycleOptions> = {}) =>
  runPlanLifecycle({
    client,
    name: "fake-service/default",
    serviceId: FAKE_SERVICE_ID,
    planId: FAKE_PLAN_ID,
    bindable: true,
    instanceId: "live-x-fake",
    parameters: { size: 1 },
    bindParameters: {},
    timeoutMs: 10_000,
    pollIntervalMs: 1,
    deprovisionAttempts: 3,
    leftovers: async () => [],
    ...extra,
  });

const statuses = (result: { steps: readonly { step: string; status: string }[] }) =>
  result.steps.map((s) => `${s.step}:${s.status}`);

describe("one plan's live run", () => {
  it("provisions (polling), binds, unbinds and deprovisions; credentials are kept as names, secret values go to onSecrets", async () => {
    const { fake, client } = setUp((f) => {
      f.respond("provision", { async: true, operation: "op" });
      f.respond("lastOperation", progress(2, { state: "succeeded" }));
      f.respond("bind", {
        async: false,
        credentials: {
          type: "mysql",
          provider: "trove",
          host: "db-host-name",
          password: "binding-secret-42",
          nested: { private_key: ["pem-text-xyz"] },
        },
      });
    });
    const secrets: string[] = [];
    const result = await run(client, { onSecrets: (v) => secrets.push(...v) });
    expect(statuses(result)).toEqual(["provision:ok", "bind:ok", "unbind:ok", "deprovision:ok"]);
    expect(result).toMatchObject({
      passed: true,
      credentials: ["host", "nested", "password", "provider", "type"],
      leftovers: [],
    });
    // Secret-named values only (deeply): hosts, ids and names stay readable (a leftover's id may be a container name).
    expect(secrets.sort()).toEqual(["binding-secret-42", "pem-text-xyz"]);
    expect(JSON.stringify(result)).not.toContain("binding-secret-42");
    expect(fake.lastCall("provision")!.args[1]).toMatchObject({
      service_id: FAKE_SERVICE_ID,
      plan_id: FAKE_PLAN_ID,
      parameters: { size: 1 },
    });
    expect(fake.callsTo("lastOperation")).toHaveLength(3);
  });

  it("a failed provision still deprovisions (in finally), skips bind and unbind, and reports the broker's description", async () => {
    const { fake, client } = setUp((f) => {
      f.respond("provision", { async: true, operation: "op" });
      f.respond("lastOperation", {
        state: "failed",
        description: "terraform apply failed: Quota exceeded for instances",
      });
    });
    const result = await run(client);
    expect(statuses(result)).toEqual(["provision:failed", "bind:skipped", "unbind:skipped", "deprovision:ok"]);
    expect(result.steps[0].message).toBe("failed: terraform apply failed: Quota exceeded for instances");
    expect(result.passed).toBe(false);
    expect(fake.callsTo("deprovision")).toHaveLength(1);
    expect(fake.callsTo("bind")).toHaveLength(0);
  });

  it("a refused provision (400) creates nothing: the deprovision's 410 says there is nothing to delete", async () => {
    const { client } = setUp((f) => {
      f.respond("provision", badRequest("parameters.volume_size: must be <= 20"));
      f.respond("deprovision", instanceGone());
    });
    const result = await run(client);
    expect(result.steps[0]).toMatchObject({
      step: "provision",
      status: "failed",
      message: "PUT answered 400: parameters.volume_size: must be <= 20",
    });
    expect(result.steps[3]).toMatchObject({ step: "deprovision", status: "ok", message: "nothing to delete" });
  });

  it("a failed bind skips unbind and deprovisions (which removes the binding)", async () => {
    const { fake, client } = setUp((f) => f.respond("bind", { async: true, operation: "b" }));
    fake.respond("lastBindingOperation", {
      state: "failed",
      description: "Keystone: 403 application credentials cannot create application credentials",
    });
    const result = await run(client);
    expect(statuses(result)).toEqual(["provision:ok", "bind:failed", "unbind:skipped", "deprovision:ok"]);
    expect(result.steps[1].message).toMatch(/^failed: Keystone: 403/);
    expect(fake.callsTo("unbind")).toHaveLength(0);
    expect(fake.callsTo("deprovision")).toHaveLength(1);
  });

  it("credentials without the Service Binding spec's type and provider fail the bind, naming what they have", async () => {
    const { client } = setUp((f) => f.respond("bind", { async: false, credentials: { host: "db.example" } }));
    const result = await run(client);
    expect(result.steps[1]).toMatchObject({
      status: "failed",
      message: "credentials lack type, provider (Service Binding spec; have: host)",
    });
  });

  it("an async bind reads the credentials from GET binding", async () => {
    const { client } = setUp((f) => {
      f.respond("bind", { async: true, operation: "b" });
      f.respond("lastBindingOperation", progress(1, { state: "succeeded" }));
      f.respond("getBinding", { credentials: { type: "queue", provider: "zaqar", uri: "https://zaqar.example" } });
    });
    const result = await run(client);
    expect(result.passed).toBe(true);
    expect(result.credentials).toEqual(["provider", "type", "uri"]);
  });

  it("a failing deprovision is retried; when every attempt fails the leftovers are reported with their ids", async () => {
    const leftover: Leftover = {
      instanceId: "live-x-fake",
      address: "openstack_db_instance_v1.db",
      id: "7d1c2d0e-0000-4000-8000-000000000001",
    };
    const { fake, client } = setUp((f) => {
      f.respond("deprovision", { async: true, operation: "d" });
      f.respond("lastOperation", (_id, details) =>
        details.operation === "d"
          ? { state: "failed", description: "terraform destroy failed: volume is busy" }
          : { state: "succeeded" },
      );
    });
    const result = await run(client, {
      deprovisionAttempts: 2,
      leftovers: async (id) => (id === "live-x-fake" ? [leftover] : []),
    });
    expect(fake.callsTo("deprovision")).toHaveLength(2);
    expect(result.steps[3]).toMatchObject({
      step: "deprovision",
      status: "failed",
      message: "2 attempts, each: failed: terraform destroy failed: volume is busy",
    });
    expect(result).toMatchObject({ passed: false, leftovers: [leftover] });
  });

  it("a deprovision that succeeds on a later attempt is ok and says so", async () => {
    let attempt = 0;
    const { client } = setUp((f) => {
      f.respond("deprovision", () => ({ async: true, operation: `d${++attempt}` }));
      f.respond("lastOperation", (_id, details) =>
        details.operation === "d1"
          ? { state: "failed", description: "timeout" }
          : details.operation?.startsWith("d")
            ? { state: "succeeded", gone: true }
            : { state: "succeeded" },
      );
    });
    const result = await run(client);
    expect(result.steps[3]).toMatchObject({ status: "ok", message: "after 2 attempts (attempt 1: failed: timeout)" });
    expect(result.passed).toBe(true);
  });

  it("state that is left although deprovision succeeded fails the plan", async () => {
    const { client } = setUp();
    const result = await run(client, {
      leftovers: async () => [
        { instanceId: "live-x-fake", address: "openstack_objectstorage_container_v1.c", id: "osb-live-x" },
      ],
    });
    expect(statuses(result)).toEqual(["provision:ok", "bind:ok", "unbind:ok", "deprovision:ok"]);
    expect(result.passed).toBe(false);
  });

  it("a broker that cannot be reached is a failure of that step, and deprovision is still attempted", async () => {
    let calls = 0;
    const client = createOsbTestClient({
      request: () => {
        calls++;
        throw new Error("connect ECONNREFUSED 127.0.0.1:1");
      },
      credentials: CREDENTIALS,
    });
    const result = await run(client);
    expect(statuses(result)).toEqual(["provision:failed", "bind:skipped", "unbind:skipped", "deprovision:failed"]);
    expect(result.steps[0].message).toBe("the broker could not be reached: connect ECONNREFUSED 127.0.0.1:1");
    expect(calls).toBe(2);
  });

  it("a plan that is not bindable skips bind and unbind and still passes", async () => {
    const { fake, client } = setUp();
    const result = await run(client, { bindable: false });
    expect(statuses(result)).toEqual(["provision:ok", "bind:skipped", "unbind:skipped", "deprovision:ok"]);
    expect(result.passed).toBe(true);
    expect(fake.callsTo("bind")).toHaveLength(0);
  });

  it("an operation past its time limit fails with the limit named, and deprovision follows", async () => {
    const { fake, client } = setUp((f) => {
      f.respond("provision", { async: true, operation: "op" });
      f.respond("lastOperation", (_id, details) =>
        details.operation === "op" ? { state: "in progress" } : { state: "succeeded" },
      );
    });
    const result = await run(client, { timeoutMs: 20 });
    expect(result.steps[0]).toMatchObject({
      status: "failed",
      message: "still in progress after 0 min (LIVE_TIMEOUT_MINUTES)",
    });
    expect(fake.callsTo("deprovision")).toHaveLength(1);
  });
});
