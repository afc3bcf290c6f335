import { describe, expect, it } from "vitest";
import { PLAN_ID, SERVICE_ID, brokerOverStore, createOutageStore, seedReady } from "../helpers/broker-over-store.js";

/**
 * Issue 12 item 3: while the store is unreachable, the polling endpoints answered 404 "instance ...
 * does not exist" (`getInstance(...).catch(() => undefined)`), which a platform may take as gone. An
 * unreachable store is a 503 with Retry-After on every endpoint, never 404/410; nothing is changed.
 */
describe("a store outage", () => {
  const reads = [
    "/v2/service_instances/i1/last_operation",
    "/v2/service_instances/i1/last_operation?operation=provision-1",
    "/v2/service_instances/i1",
    "/v2/service_instances/i1/service_bindings/b1",
    "/v2/service_instances/i1/service_bindings/b1/last_operation",
  ];

  it.each(reads)("GET %s: 503 with Retry-After and a description, then 200 once the store is back", async (path) => {
    const store = createOutageStore();
    const { records, client } = brokerOverStore(store);
    await seedReady(records);
    store.down = true;
    const refused = await client.get(path);
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({
      description: "the broker's state store is unreachable; nothing was changed, try again later",
    });
    store.down = false;
    expect((await client.get(path)).status).toBe(200);
  });

  it("PUT, PATCH and DELETE: 503 with Retry-After; nothing enqueued", async () => {
    const store = createOutageStore();
    const { records, client, enqueued } = brokerOverStore(store);
    await seedReady(records);
    store.down = true;
    const q = `service_id=${SERVICE_ID}&plan_id=${PLAN_ID}&accepts_incomplete=true`;
    const answers = [
      await client.put("/v2/service_instances/i2?accepts_incomplete=true", {
        service_id: SERVICE_ID,
        plan_id: PLAN_ID,
        organization_guid: "org-1",
        space_guid: "space-1",
      }),
      await client.patch("/v2/service_instances/i1?accepts_incomplete=true", { service_id: SERVICE_ID }),
      await client.delete(`/v2/service_instances/i1/service_bindings/b1?${q}`),
      await client.delete(`/v2/service_instances/i1?${q}`),
    ];
    expect(answers.map((a) => a.status)).toEqual([503, 503, 503, 503]);
    for (const answer of answers) expect(answer.headers.get("retry-after")).not.toBeNull();
    expect(enqueued).toEqual([]);
  });
});
