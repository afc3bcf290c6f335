import { describe, expect, it } from "vitest";
import { ASYNC, createBrokerUnit, refusal } from "../../test/helpers/broker-unit.js";
import { DB_SERVICE, LARGE, SMALL } from "../../test/helpers/broker-unit-catalog.js";
import { TerraformError } from "../terraform/types.js";

const create = { service_id: DB_SERVICE, plan_id: SMALL, parameters: { size: 3 } };

describe("preview (POST /x-preview; broker unit: memory store, fake workspace runner)", () => {
  it("a new instance: a create report from the planned changes; nothing is written or queued", async () => {
    const t = createBrokerUnit();
    t.runner.planResult = {
      hasChanges: true,
      changes: [
        {
          address: "terraform_data.data",
          type: "terraform_data",
          name: "data",
          mode: "managed",
          action: "create",
          attributes: [],
        },
      ],
      outputs: ["endpoint"],
    };
    const report = await t.broker.preview("i1", create);
    expect(report).toMatchObject({
      kind: "create",
      instance_id: "i1",
      plan: { id: SMALL, name: "small" },
      parameters: { size: 3 },
      has_changes: true,
      summary: { create: 1, update: 0, replace: 0, delete: 0 },
    });
    expect(t.store.objects.size).toBe(0);
    expect(t.queue.enqueued).toEqual([]);
  });

  it("an existing instance: an update report that says whether the broker would refuse it", async () => {
    const t = createBrokerUnit();
    const { operation } = await t.broker.provision("i1", create, ASYNC);
    await t.finish(operation!);
    t.runner.planResult = {
      hasChanges: true,
      changes: [
        {
          address: "terraform_data.data",
          type: "terraform_data",
          name: "data",
          mode: "managed",
          action: "replace",
          attributes: [],
        },
      ],
      outputs: [],
    };
    const before = new Map(t.store.objects);
    const report = await t.broker.preview("i1", { service_id: DB_SERVICE, plan_id: LARGE });
    expect(report).toMatchObject({ kind: "update", previous_plan: { id: SMALL }, plan: { id: LARGE } });
    expect(report.warnings).toEqual([expect.objectContaining({ kind: "stateful", address: "terraform_data.data" })]);
    expect(t.store.objects).toEqual(before);
  });

  it.each([
    ["an instance id that cannot be stored", "a/b", create, /instance_id must be/],
    ["an unknown service", "i1", { ...create, service_id: "nope" }, /^service_id: /],
    [
      "parameters failing the schema (the text names the parameter)",
      "i1",
      { ...create, parameters: { size: 0 } },
      /^parameters\.size/,
    ],
  ])("400 for %s", async (_what, id, request, message) => {
    const t = createBrokerUnit();
    const error = await refusal(t.broker.preview(id, request));
    expect(error.status).toBe(400);
    expect(error.description).toMatch(message);
    expect(t.runner.calls).toEqual([]);
  });

  it("422 when terraform cannot plan the request", async () => {
    const t = createBrokerUnit();
    t.runner.failNext("plan", new TerraformError("provider said no", "plan", [], "failed"));
    expect(await refusal(t.broker.preview("i1", create))).toMatchObject({
      status: 422,
      description: "terraform could not plan this request: provider said no",
    });
  });
});
