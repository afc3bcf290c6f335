import { expect, test } from "vitest";
import { failedCheck, flatState } from "./state-checks.js";

// A terraform.tfstate (format 4) in the shape terraform writes.
const STATE = JSON.stringify({
  version: 4,
  resources: [
    {
      mode: "managed",
      type: "openstack_x_v2",
      name: "a",
      instances: [
        {
          attributes: {
            id: "1",
            name: "n",
            size: 10,
            on: true,
            none: null,
            tags: [],
            meta: { k: "v" },
            net: [{ uuid: "u", port: null }],
          },
        },
      ],
    },
    { mode: "data", type: "openstack_y_v2", name: "b", instances: [{ attributes: { id: "1", name: "n" } }] },
    { mode: "managed", type: "openstack_z_v2", name: "c", instances: [{ index_key: 0, attributes: { id: "z0" } }] },
  ],
});

test("flattens state as the SDK's flatmap: lists and sets .#, maps .%, nulls absent", () => {
  const state = flatState(STATE);
  expect(Object.fromEntries(state.get("openstack_x_v2.a")!)).toEqual({
    id: "1",
    name: "n",
    size: "10",
    on: "true",
    "tags.#": "0",
    "meta.%": "1",
    "meta.k": "v",
    "net.#": "1",
    "net.0.uuid": "u",
  });
  expect(state.get("data.openstack_y_v2.b")?.get("name")).toBe("n");
  expect(state.get("openstack_z_v2.c.0")?.get("id")).toBe("z0");
});

test("reports the first failing check in terraform-plugin-testing's words", () => {
  const state = flatState(STATE);
  const a = "openstack_x_v2.a";
  expect(
    failedCheck(
      [
        { kind: "equals", address: a, key: "size", value: "10" },
        { kind: "set", address: a, key: "id" },
      ],
      state,
    ),
  ).toBeUndefined();
  expect(failedCheck([{ kind: "equals", address: a, key: "name", value: "m" }], state)).toBe(
    `${a}: Attribute 'name' expected "m", got "n"`,
  );
  expect(failedCheck([{ kind: "equals", address: a, key: "none", value: "" }], state)).toBe(
    `${a}: Attribute 'none' not found`,
  );
  // An empty container may be elided from the state: "0" also accepts an absent .# / .% key.
  expect(failedCheck([{ kind: "equals", address: a, key: "other.#", value: "0" }], state)).toBeUndefined();
  expect(failedCheck([{ kind: "absent", address: a, key: "name" }], state)).toBe(
    `${a}: Attribute 'name' found when not expected`,
  );
  expect(
    failedCheck(
      [{ kind: "pair", address: a, key: "name", otherAddress: "data.openstack_y_v2.b", otherKey: "name" }],
      state,
    ),
  ).toBeUndefined();
  expect(failedCheck([{ kind: "set", address: "openstack_q_v1.q", key: "id" }], state)).toBe(
    "Not found: openstack_q_v1.q in the state",
  );
});
