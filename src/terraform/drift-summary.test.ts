import { describe, expect, it } from "vitest";
import { summarizeDrift } from "./plan-summary.js";

describe("summarizeDrift", () => {
  it("reads resource_drift (not resource_changes): updated attributes, deleted objects; no-ops dropped", () => {
    const plan = {
      resource_changes: [
        { address: "a.x", type: "a", name: "x", change: { actions: ["update"], before: {}, after: {} } },
      ],
      resource_drift: [
        {
          address: "openstack_objectstorage_container_v1.c",
          type: "openstack_objectstorage_container_v1",
          name: "c",
          change: {
            actions: ["update"],
            before: { name: "c", container_read: "", metadata: { a: "1" } },
            after: { name: "c", container_read: ".r:*", metadata: { a: "1" } },
          },
        },
        {
          address: "b.gone",
          type: "b",
          name: "gone",
          change: { actions: ["delete"], before: { id: "1" }, after: null },
        },
        { address: "b.same", type: "b", name: "same", change: { actions: ["no-op"], before: {}, after: {} } },
      ],
    };
    expect(summarizeDrift(plan).map((c) => [c.address, c.action, c.attributes.map((a) => a.name)])).toEqual([
      ["openstack_objectstorage_container_v1.c", "update", ["container_read"]],
      ["b.gone", "delete", []],
    ]);
    expect(summarizeDrift({})).toEqual([]);
  });
});
