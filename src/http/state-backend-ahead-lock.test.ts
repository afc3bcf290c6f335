import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../state/memory-store.js";
import type { StateStore } from "../state/state-store.js";
import { createTerraformStates } from "../state/terraform-states.js";
import { createRunCredentialIssuer, type RunCredentials } from "../workspace/run-credentials.js";
import { createStateBackend } from "./state-backend.js";

/** The backend over a memory store whose calls are listed (`method key`), with ahead locks. */
function setup() {
  const inner = createMemoryStore();
  const calls: string[] = [];
  const store: StateStore = {
    description: "recording",
    get: (key) => (calls.push(`get ${key}`), inner.get(key)),
    put: (key, body) => (calls.push(`put ${key}`), inner.put(key, body)),
    create: (key, body) => (calls.push(`create ${key}`), inner.create(key, body)),
    delete: (key) => (calls.push(`delete ${key}`), inner.delete(key)),
    list: (prefix) => (calls.push(`list ${prefix}`), inner.list(prefix)),
  };
  const credentials = createRunCredentialIssuer({ states: createTerraformStates(store) });
  const app = createStateBackend({ store, credentials });
  const send = (method: string, path: string, run: RunCredentials, body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Basic ${Buffer.from(`${run.username}:${run.password}`).toString("base64")}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { store: inner, calls, credentials, send };
}

const I = "/tfstate/instances/inst-1";
const LOCK = "instances/inst-1/tfstate.lock";
const lockInfo = (id: string) => ({ ID: id, Operation: "OperationTypeApply", Who: "terraform", Version: "1.11.4" });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("state backend: the lock taken ahead for a run", () => {
  it("is taken when the run's credentials are issued; terraform's LOCK adopts it without a store call, its POST and UNLOCK are one call each", async () => {
    const { store, calls, credentials, send } = setup();
    const run = credentials.issue({ instanceId: "inst-1" }, { lockAhead: "apply" });
    await tick();
    expect(calls).toEqual([`create ${LOCK}`]);
    calls.length = 0;
    expect((await send("LOCK", I, run, lockInfo("tf-1"))).status).toBe(200);
    expect(calls).toEqual([]);
    expect((await send("POST", `${I}?ID=tf-1`, run, { version: 4, serial: 1 })).status).toBe(200);
    expect((await send("UNLOCK", I, run, lockInfo("tf-1"))).status).toBe(200);
    expect(calls).toEqual(["put instances/inst-1/tfstate", `get ${LOCK}`, `delete ${LOCK}`]);
    expect(await store.get(LOCK)).toBeUndefined();
    await run.end();
    expect(calls).toHaveLength(3);
  });

  it("excludes another run as terraform's own lock does, and is released when the run ends without terraform asking for it", async () => {
    const { store, credentials, send } = setup();
    const first = credentials.issue({ instanceId: "inst-1" }, { lockAhead: "destroy" });
    const second = credentials.issue({ instanceId: "inst-1" }, { lockAhead: "apply" });
    await tick();
    const refused = await send("LOCK", I, second, lockInfo("tf-2"));
    expect(refused.status).toBe(423);
    expect((await refused.json()) as { ID: string; Operation: string }).toMatchObject({
      Operation: "OperationTypeDestroy",
      Who: "openstack-broker",
    });
    await second.end();
    expect(await store.get(LOCK)).toBeDefined(); // the second run never held it: the first's stays
    await first.end();
    expect(await store.get(LOCK)).toBeUndefined();
    const third = credentials.issue({ instanceId: "inst-1" });
    expect((await send("LOCK", I, third, lockInfo("tf-3"))).status).toBe(200);
  });

  it("a lock terraform adopted and never released stays, as terraform's own would (the resume breaks it)", async () => {
    const { store, credentials, send } = setup();
    const run = credentials.issue({ instanceId: "inst-1" }, { lockAhead: "apply" });
    expect((await send("LOCK", I, run, lockInfo("tf-1"))).status).toBe(200);
    await run.end();
    expect(await store.get(LOCK)).toBeDefined();
  });

  it("under a lock it granted, terraform's later GETs are answered from what it read or wrote; the run keeps its last written state", async () => {
    const { calls, credentials, send } = setup();
    const run = credentials.issue({ instanceId: "inst-1" });
    const other = credentials.issue({ instanceId: "inst-1" });
    const state = (serial: number) => ({ version: 4, serial, lineage: "l", resources: [] });
    expect((await send("POST", I, other, state(1))).status).toBe(200);
    expect((await send("LOCK", I, run, lockInfo("tf-1"))).status).toBe(200);
    calls.length = 0;
    expect(await (await send("GET", I, run)).json()).toEqual(state(1));
    expect(await (await send("GET", I, run)).json()).toEqual(state(1));
    expect(calls).toEqual(["get instances/inst-1/tfstate"]);
    expect((await send("POST", `${I}?ID=tf-1`, run, state(2))).status).toBe(200);
    expect(await (await send("GET", I, run)).json()).toEqual(state(2));
    expect(calls).toEqual(["get instances/inst-1/tfstate", "put instances/inst-1/tfstate"]);
    expect(JSON.parse(new TextDecoder().decode(run.written()))).toEqual(state(2));
    expect(other.written()).toEqual(new TextEncoder().encode(JSON.stringify(state(1))));
    // Unlocked: the next GET reads the store again (another run may hold the lock and write now).
    expect((await send("UNLOCK", I, run, lockInfo("tf-1"))).status).toBe(200);
    calls.length = 0;
    expect(await (await send("GET", I, run)).json()).toEqual(state(2));
    expect(calls).toEqual(["get instances/inst-1/tfstate"]);
  });
});
