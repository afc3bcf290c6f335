import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/state/memory-store.js";
import { keys } from "../../src/state/keys.js";
import { encodeJson } from "../../src/state/state-store.js";
import { listLeftovers, stateResources } from "./leftovers.js";

/** A terraform state (format 4) as the broker's http backend stores it. */
const state = {
  version: 4,
  resources: [
    { mode: "data", type: "openstack_compute_flavor_v2", name: "flavor", instances: [{ attributes: { id: "2" } }] },
    {
      mode: "managed",
      type: "openstack_db_instance_v1",
      name: "db",
      instances: [{ attributes: { id: "0b1f-db", root_password: "never-printed" } }],
    },
    {
      mode: "managed",
      module: "module.net",
      type: "openstack_networking_port_v2",
      name: "p",
      instances: [
        { index_key: 0, attributes: { id: "port-0" } },
        { index_key: "b", attributes: {} },
      ],
    },
  ],
};

describe("leftovers: what the broker's terraform states still hold", () => {
  it("managed resources with address and id only (data sources left out, never another attribute)", () => {
    expect(stateResources(state, { instanceId: "i1" })).toEqual([
      { instanceId: "i1", address: "openstack_db_instance_v1.db", id: "0b1f-db" },
      { instanceId: "i1", address: "module.net.openstack_networking_port_v2.p[0]", id: "port-0" },
      { instanceId: "i1", address: 'module.net.openstack_networking_port_v2.p["b"]', id: "(no id)" },
    ]);
    expect(JSON.stringify(stateResources(state, { instanceId: "i1" }))).not.toContain("never-printed");
  });

  it("reads the instance's state and each binding's from the store; an unreadable state is reported, not skipped", async () => {
    const store = createMemoryStore();
    await store.put(keys.tfstate({ instanceId: "i1" }), encodeJson(state));
    await store.put(
      keys.tfstate({ instanceId: "i1", bindingId: "b1" }),
      encodeJson({
        resources: [
          {
            mode: "managed",
            type: "openstack_db_user_v1",
            name: "user",
            instances: [{ attributes: { id: "0b1f-db/u1" } }],
          },
        ],
      }),
    );
    await store.put(keys.tfstate({ instanceId: "i1", bindingId: "b2" }), new TextEncoder().encode("{not json"));
    await store.put(keys.instance("i1"), encodeJson({ id: "i1" }));
    await store.put(keys.tfstate({ instanceId: "i2" }), encodeJson(state));
    const leftovers = await listLeftovers(store, "i1");
    expect(leftovers.map((l) => `${l.bindingId ?? "-"} ${l.address} ${l.id}`)).toEqual([
      "b1 openstack_db_user_v1.user 0b1f-db/u1",
      "b2 (unreadable state instances/i1/bindings/b2/tfstate) (unknown)",
      "- openstack_db_instance_v1.db 0b1f-db",
      "- module.net.openstack_networking_port_v2.p[0] port-0",
      '- module.net.openstack_networking_port_v2.p["b"] (no id)',
    ]);
    expect(await listLeftovers(store, "i3")).toEqual([]);
  });
});
