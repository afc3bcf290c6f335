import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../state/memory-store.js";
import { createStateBackend } from "./state-backend.js";
import { createRunCredentialIssuer, type RunCredentials } from "../workspace/run-credentials.js";
import type { StateRef } from "../state/keys.js";

function setup() {
  const store = createMemoryStore();
  const credentials = createRunCredentialIssuer();
  const app = createStateBackend({ store, credentials });
  const auth = (c: Pick<RunCredentials, "username" | "password">) =>
    `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;
  const send = (
    method: string,
    path: string,
    creds?: Pick<RunCredentials, "username" | "password">,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    app.request(path, {
      method,
      headers: { ...(creds === undefined ? {} : { authorization: auth(creds) }), ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  const issue = (ref: StateRef) => credentials.issue(ref);
  return { store, app, send, issue };
}

const lockInfo = (id: string) => ({
  ID: id,
  Operation: "OperationTypeApply",
  Who: "broker@test",
  Version: "1.11.4",
  Created: "2030-01-01T00:00:00Z",
  Path: "",
});
const STATE = JSON.stringify({ version: 4, serial: 1, lineage: "l-1", resources: [] });
const I = "/tfstate/instances/inst-1";

describe("state backend (terraform's http backend)", () => {
  it("401 without credentials, with a wrong password, an unknown user or another scheme", async () => {
    const { send, issue } = setup();
    const run = issue({ instanceId: "inst-1" });
    for (const creds of [
      undefined,
      { username: run.username, password: "wrong" },
      { username: "run-unknown", password: run.password },
    ]) {
      const response = await send("GET", I, creds);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ description: "unauthorized" });
    }
    expect((await send("GET", I, undefined, undefined, { authorization: `Bearer ${run.password}` })).status).toBe(401);
    expect((await send("GET", I, undefined, undefined, { authorization: "Basic !!!not-base64-no-colon" })).status).toBe(
      401,
    );
  });

  it("403 for another instance's state, and between an instance's and its bindings' states", async () => {
    const { send, issue, store } = setup();
    const mine = issue({ instanceId: "inst-1" });
    const binding = issue({ instanceId: "inst-1", bindingId: "b-1" });
    expect((await send("GET", "/tfstate/instances/inst-2", mine)).status).toBe(403);
    expect((await send("POST", "/tfstate/instances/inst-2", mine, STATE)).status).toBe(403);
    expect((await send("LOCK", "/tfstate/instances/inst-2", mine, lockInfo("x"))).status).toBe(403);
    expect((await send("GET", `${I}/bindings/b-1`, mine)).status).toBe(403);
    expect((await send("GET", I, binding)).status).toBe(403);
    expect((await send("GET", `${I}/bindings/b-2`, binding)).status).toBe(403);
    expect(await store.list("instances/")).toEqual([]);
  });

  it("400 for an address that is not a storable id", async () => {
    const { send, issue } = setup();
    const run = issue({ instanceId: "inst-1" });
    expect((await send("GET", "/tfstate/instances/a%20b", run)).status).toBe(400);
  });

  it("GET is 404 without state; POST then GET round-trips the bytes; DELETE removes it", async () => {
    const { send, issue, store } = setup();
    const run = issue({ instanceId: "inst-1" });
    expect((await send("GET", I, run)).status).toBe(404);
    expect((await send("POST", I, run, STATE)).status).toBe(200);
    const got = await send("GET", I, run);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toContain("application/json");
    expect(await got.text()).toBe(STATE);
    expect(new TextDecoder().decode(await store.get("instances/inst-1/tfstate"))).toBe(STATE);
    expect((await send("DELETE", I, run)).status).toBe(200);
    expect((await send("GET", I, run)).status).toBe(404);
  });

  it("LOCK 200, a second LOCK 423 with the holder's lock info; UNLOCK by the wrong ID 423, by the right ID 200", async () => {
    const { send, issue, store } = setup();
    const run = issue({ instanceId: "inst-1" });
    expect((await send("LOCK", I, run, lockInfo("lock-a"))).status).toBe(200);
    const conflict = await send("LOCK", I, run, lockInfo("lock-b"));
    expect(conflict.status).toBe(423);
    expect(await conflict.json()).toEqual(lockInfo("lock-a"));

    const wrong = await send("UNLOCK", I, run, lockInfo("lock-b"));
    expect(wrong.status).toBe(423);
    expect(await wrong.json()).toEqual(lockInfo("lock-a"));
    expect(await store.get("instances/inst-1/tfstate.lock")).toBeDefined();

    expect((await send("UNLOCK", I, run, lockInfo("lock-a"))).status).toBe(200);
    expect(await store.get("instances/inst-1/tfstate.lock")).toBeUndefined();
    // Unlocking a free lock is fine (terraform may retry); the next LOCK wins.
    expect((await send("UNLOCK", I, run, lockInfo("lock-a"))).status).toBe(200);
    expect((await send("LOCK", I, run, lockInfo("lock-b"))).status).toBe(200);
  });

  it("UNLOCK reads the lock once: one GET and one DELETE of the store (each a Swift round trip)", async () => {
    const { send, issue, store } = setup();
    const run = issue({ instanceId: "inst-1" });
    expect((await send("LOCK", I, run, lockInfo("lock-a"))).status).toBe(200);
    const calls: string[] = [];
    const get = store.get.bind(store);
    const del = store.delete.bind(store);
    store.get = (key) => (calls.push(`get ${key}`), get(key));
    store.delete = (key) => (calls.push(`delete ${key}`), del(key));
    expect((await send("UNLOCK", I, run, lockInfo("lock-a"))).status).toBe(200);
    expect(calls).toEqual(["get instances/inst-1/tfstate.lock", "delete instances/inst-1/tfstate.lock"]);
    expect(await store.get("instances/inst-1/tfstate.lock")).toBeUndefined();
  });

  it("LOCK with a body that is not lock info is 400 and takes no lock", async () => {
    const { send, issue, store } = setup();
    const run = issue({ instanceId: "inst-1" });
    expect((await send("LOCK", I, run, "not json")).status).toBe(400);
    expect((await send("LOCK", I, run, { Who: "no ID" })).status).toBe(400);
    expect(await store.list("instances/")).toEqual([]);
  });

  it("POST with ?ID= of another lock is 423 and leaves the state; with the holder's ID it writes", async () => {
    const { send, issue } = setup();
    const run = issue({ instanceId: "inst-1" });
    await send("POST", I, run, STATE);
    await send("LOCK", I, run, lockInfo("lock-a"));
    const refused = await send("POST", `${I}?ID=lock-b`, run, '{"serial":2}');
    expect(refused.status).toBe(423);
    expect(await refused.json()).toEqual(lockInfo("lock-a"));
    expect(await (await send("GET", I, run)).text()).toBe(STATE);
    expect((await send("POST", `${I}?ID=lock-a`, run, '{"serial":2}')).status).toBe(200);
    expect(await (await send("GET", I, run)).text()).toBe('{"serial":2}');
  });

  it("revoked credentials are refused with 401", async () => {
    const { send, issue } = setup();
    const run = issue({ instanceId: "inst-1" });
    expect((await send("POST", I, run, STATE)).status).toBe(200);
    run.revoke();
    expect((await send("GET", I, run)).status).toBe(401);
    expect((await send("LOCK", I, run, lockInfo("x"))).status).toBe(401);
  });

  it("binding paths keep the binding's own state and lock, apart from the instance's", async () => {
    const { send, issue, store } = setup();
    const instance = issue({ instanceId: "inst-1" });
    const binding = issue({ instanceId: "inst-1", bindingId: "b-1" });
    const B = `${I}/bindings/b-1`;
    expect((await send("GET", B, binding)).status).toBe(404);
    expect((await send("POST", B, binding, '{"binding":true}')).status).toBe(200);
    expect((await send("LOCK", B, binding, lockInfo("bind-lock"))).status).toBe(200);
    // The instance's lock is independent of the binding's.
    expect((await send("LOCK", I, instance, lockInfo("inst-lock"))).status).toBe(200);
    expect(await store.list("instances/inst-1/")).toEqual([
      "instances/inst-1/bindings/b-1/tfstate",
      "instances/inst-1/bindings/b-1/tfstate.lock",
      "instances/inst-1/tfstate.lock",
    ]);
    expect(await (await send("GET", B, binding)).text()).toBe('{"binding":true}');
    expect((await send("UNLOCK", B, binding, lockInfo("bind-lock"))).status).toBe(200);
  });
});
