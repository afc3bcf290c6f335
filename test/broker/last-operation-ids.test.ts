import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/state/memory-store.js";
import { PLAN_ID, SERVICE_ID, brokerOverStore, seedReady } from "../helpers/broker-over-store.js";

/**
 * Issue 12 item 7: a malformed `operation` query gave 500, an unknown one the latest operation's
 * state. OSB "Polling Last Operation": 400 for malformed data; 410 only once a deletion succeeded.
 */
const I = "/v2/service_instances/i1/last_operation";
const B = "/v2/service_instances/i1/service_bindings/b1/last_operation";

async function seeded() {
  const harness = brokerOverStore(createMemoryStore());
  await seedReady(harness.records);
  return harness;
}

describe("last_operation's operation query", () => {
  it.each([
    ["../x/operations/y", "..%2Fx%2Foperations%2Fy"],
    ["a/b", "a%2Fb"],
    ["..", ".."],
    ["with space", "with%20space"],
    ["x".repeat(201), "x".repeat(201)],
  ])("malformed %j: 400 naming it, on instances and bindings", async (_, encoded) => {
    const { client } = await seeded();
    for (const path of [I, B]) {
      const res = await client.get(`${path}?operation=${encoded}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { description: string }).description).toMatch(/is not a valid operation id$/);
    }
  });

  it("an unknown well-formed id, or another binding's or the instance's: 400, never the latest's state", async () => {
    const { client } = await seeded();
    const cases = [
      [`${I}?operation=provision-unknown`, "operation provision-unknown is not an operation of instance i1"],
      [`${I}?operation=bind-1`, "operation bind-1 is not an operation of instance i1"],
      [`${B}?operation=provision-1`, "operation provision-1 is not an operation of binding b1"],
      [`${B}?operation=deprovision`, "operation deprovision is not an operation of binding b1"],
    ];
    for (const [path, description] of cases) {
      const res = await client.get(path);
      expect(res.status, path).toBe(400);
      expect(await res.json()).toEqual({ description });
    }
  });

  it("a known id answers that operation; the latest operation's bare type answers the latest", async () => {
    const { client } = await seeded();
    expect(await (await client.get(`${I}?operation=provision-1`)).json()).toEqual({
      state: "succeeded",
      description: "provisioned",
    });
    expect((await client.get(`${I}?operation=provision`)).status).toBe(200);
    expect((await client.get(`${B}?operation=bind`)).status).toBe(200);
    expect((await client.get(`${B}?operation=bind-1`)).status).toBe(200);
  });

  it("after a deprovision: 410 for it, the provision's own state for the provision", async () => {
    const { client, records } = await seeded();
    const q = `service_id=${SERVICE_ID}&plan_id=${PLAN_ID}&accepts_incomplete=true`;
    expect((await client.delete(`/v2/service_instances/i1/service_bindings/b1?${q}`)).status).toBe(202);
    const binding = (await records.getBinding("i1", "b1"))!;
    const unbindOp = (await records.getOperation("i1", binding.lastOperationId))!;
    await records.putOperation({ ...unbindOp, state: "succeeded" });
    await records.putBinding({ ...binding, deleted: true });
    const remove = await client.delete(`/v2/service_instances/i1?${q}`);
    const { operation } = (await remove.json()) as { operation: string };
    const op = (await records.getOperation("i1", operation))!;
    await records.putOperation({ ...op, state: "succeeded" });
    await records.putInstance({ ...(await records.getInstance("i1"))!, deleted: true });

    expect((await client.get(`${I}?operation=${operation}`)).status).toBe(410);
    expect((await client.get(I)).status).toBe(410);
    expect((await client.get(`${B}?operation=${unbindOp.id}`)).status).toBe(410);
    expect(await (await client.get(`${I}?operation=provision-1`)).json()).toMatchObject({ state: "succeeded" });
    expect((await client.get(`${I}?operation=provision-unknown`)).status).toBe(400);
  });
});
