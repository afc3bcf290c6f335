import { describe, expect, it } from "vitest";
import { ASYNC, createBrokerUnit, refusal } from "../../test/helpers/broker-unit.js";
import { DB_SERVICE, EAST, SMALL, WEST_OR_NORTH } from "../../test/helpers/broker-unit-catalog.js";

/**
 * Which cloud an instance lives on, as the broker decides it without a routing table (plan pins and
 * the request's `cloud` parameter; the mapping and the default are src/cloud's, tested there).
 */
describe("an instance's cloud (broker unit: memory store, fake queue)", () => {
  it("a pinned plan puts the instance on its cloud; a choice plan on the one requested", async () => {
    const t = createBrokerUnit();
    await t.broker.provision("i1", { service_id: DB_SERVICE, plan_id: EAST }, ASYNC);
    await t.broker.provision(
      "i2",
      { service_id: DB_SERVICE, plan_id: WEST_OR_NORTH, parameters: { cloud: "north" } },
      ASYNC,
    );
    expect((await t.records.getInstance("i1"))?.cloud).toBe("east");
    // `cloud` is reserved: it chooses the cloud and is not a value terraform receives.
    expect(await t.records.getInstance("i2")).toMatchObject({ cloud: "north", values: { size: 1 } });
  });

  it.each([
    [
      "a cloud the plan does not offer",
      WEST_OR_NORTH,
      "south",
      /"south" is not allowed by plan west-or-north \(allowed: west, north\)/,
    ],
    ["another cloud than the plan's pin", EAST, "west", /plan east does not offer a choice of cloud/],
    ["a cloud for a plan without a choice", SMALL, "west", /plan small does not offer a choice of cloud/],
  ])("400 for %s; nothing written", async (_what, plan, cloud, message) => {
    const t = createBrokerUnit();
    const error = await refusal(
      t.broker.provision("i1", { service_id: DB_SERVICE, plan_id: plan, parameters: { cloud } }, ASYNC),
    );
    expect(error.status).toBe(400);
    expect(error.description).toMatch(message);
    expect(t.store.objects.size).toBe(0);
  });

  it("an update never moves an instance: 400 for a cloud parameter, 422 for a plan on other clouds", async () => {
    const t = createBrokerUnit();
    const parameters = { cloud: "west" };
    const { operation } = await t.broker.provision(
      "i1",
      { service_id: DB_SERVICE, plan_id: WEST_OR_NORTH, parameters },
      ASYNC,
    );
    await t.finish(operation!);
    const moved = await refusal(
      t.broker.update("i1", { service_id: DB_SERVICE, parameters: { cloud: "north" } }, ASYNC),
    );
    expect(moved).toMatchObject({
      status: 400,
      description: expect.stringMatching(/chosen at provision and never changes/),
    });
    const pinned = await refusal(t.broker.update("i1", { service_id: DB_SERVICE, plan_id: EAST }, ASYNC));
    expect(pinned).toMatchObject({
      status: 422,
      description: "plan east runs on cloud east; instance i1 is on west and cannot move",
    });
    expect(await t.records.getInstance("i1")).toMatchObject({ status: "ready", planId: WEST_OR_NORTH, cloud: "west" });
  });
});
