import { describe, expect, it } from "vitest";
import type { TypeRules } from "../../provider-rules/types.js";
import { isUnknown, UNKNOWN, type TfObject } from "../msgpack-values.js";
import { pathText } from "./attribute-path.js";
import { planValues, requiresReplace } from "./rule-planning.js";

// Fixtures shaped like the rules table; expected behaviour: terraform-plugin-sdk v2 schemaMap.Diff
// (helper/schema/schema.go diffString/diffList/diffSet, finalizeDiff) and hcl2shim.RequiresReplace.
const instance: TypeRules = {
  file: "openstack/resource_openstack_compute_instance_v2.go",
  update: true,
  attributes: {
    name: { type: "string", required: true },
    image_id: { type: "string", optional: true, computed: true },
    flavor_id: { type: "string", optional: true, computed: true },
    user_data: { type: "string", optional: true, forceNew: true, stateFunc: { fn: "func literal", known: "sha1-hex" } },
    stop_before_destroy: { type: "bool", optional: true, default: false },
    availability_zone: {
      type: "string",
      optional: true,
      computed: true,
      forceNew: true,
      diffSuppress: { fn: "s", known: "az-host-detail" },
    },
    flavor: { type: "string", optional: true, computed: true, envDefault: { variables: ["OS_FLAVOR_ID"] } },
    tags: { type: "set", elem: "string", optional: true },
    network: {
      type: "list",
      optional: true,
      computed: true,
      forceNew: true,
      block: {
        uuid: { type: "string", optional: true, computed: true, forceNew: true },
        name: { type: "string", optional: true, computed: true, forceNew: true },
        access_network: { type: "bool", optional: true, default: false },
      },
    },
    rule: {
      type: "set",
      optional: true,
      block: { port: { type: "int", optional: true, forceNew: true }, note: { type: "string", optional: true } },
    },
  },
  customizeDiff: [{ kind: "force-new-if-change", attribute: "flavor_id", condition: "old-empty" }],
};

const prior: TfObject = {
  name: "vm",
  image_id: "img-1",
  flavor_id: "2",
  user_data: "3b5d3c7d207e37dceeedd301e35e2e58408f3da5",
  stop_before_destroy: false,
  availability_zone: "nova",
  flavor: "2",
  tags: ["a"],
  network: [{ uuid: "net-1", name: "private", access_network: false }],
  rule: [],
};

const replaced = (planned: TfObject, before: TfObject = prior, rules = instance) =>
  requiresReplace(rules, before, planned).map(pathText);

describe("planned values", () => {
  it("plans Default for null arguments, nested blocks included, and the StateFunc's result", () => {
    const planned = planValues({
      rules: instance,
      prior: null,
      env: {},
      proposed: {
        ...prior,
        stop_before_destroy: null,
        user_data: "hello",
        network: [{ uuid: null, name: "private", access_network: null }],
      },
    });
    expect(planned.stop_before_destroy).toBe(false);
    expect((planned.network as TfObject[])[0].access_network).toBe(false);
    expect(planned.user_data).toBe("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"); // sha1("hello")
  });

  it("EnvDefaultFunc reads the provider's environment when the configuration leaves it out", () => {
    const config = { ...prior, flavor: null };
    expect(
      planValues({ rules: instance, prior, proposed: { ...prior }, config, env: { OS_FLAVOR_ID: "5" } }).flavor,
    ).toBe("5");
    expect(planValues({ rules: instance, prior, proposed: { ...prior }, config, env: {} }).flavor).toBe("2");
  });

  it("a suppressed diff keeps the prior value", () => {
    const planned = planValues({
      rules: instance,
      prior,
      proposed: { ...prior, availability_zone: "nova:host-1" },
      env: {},
    });
    expect(planned.availability_zone).toBe("nova");
  });

  it("an Optional+Computed block left out keeps its prior elements (unknown on create)", () => {
    expect(planValues({ rules: instance, prior, proposed: { ...prior, network: [] }, env: {} }).network).toEqual(
      prior.network,
    );
    expect(
      isUnknown(planValues({ rules: instance, prior: null, proposed: { ...prior, network: [] }, env: {} }).network),
    ).toBe(true);
  });

  // schema.go diffString: a new null compares as the type's zero value; grpc_provider.go
  // PlanResourceChange applies the (empty) diff to the prior state.
  const listener: TypeRules = {
    file: "openstack/resource_openstack_lb_listener_v2.go",
    update: true,
    attributes: {
      description: { type: "string", optional: true },
      hsts_max_age: { type: "int", optional: true },
      tls_enabled: { type: "bool", optional: true },
      connection_limit: { type: "int", optional: true, computed: true },
      name: { type: "string", optional: true },
      hosts: {
        type: "list",
        optional: true,
        block: { address: { type: "string", required: true }, note: { type: "string", optional: true } },
      },
    },
  };
  const stored: TfObject = {
    description: "",
    hsts_max_age: 0,
    tls_enabled: false,
    connection_limit: -1,
    name: "a",
    hosts: [{ address: "x", note: "" }],
  };

  it('on update, what the SDK sees no change in keeps its prior value (a Read\'s "", 0, false)', () => {
    const proposed: TfObject = {
      description: null,
      hsts_max_age: null,
      tls_enabled: null,
      connection_limit: -1,
      name: "a",
      hosts: [{ address: "x", note: null }],
    };
    expect(planValues({ rules: listener, prior: stored, proposed, env: {} })).toEqual(stored);
  });

  it("on update, a changed element of a set block is planned (in any order, an unchanged set keeps the prior one)", () => {
    const before = {
      ...prior,
      rule: [
        { port: 22, note: "ssh" },
        { port: 80, note: "web" },
      ],
    };
    const changed = planValues({
      rules: instance,
      prior: before,
      proposed: {
        ...before,
        rule: [
          { port: 22, note: "SSH" },
          { port: 80, note: "web" },
        ],
      },
      env: {},
    });
    expect(changed.rule).toEqual([
      { port: 22, note: "SSH" },
      { port: 80, note: "web" },
    ]);
    const reordered = planValues({
      rules: instance,
      prior: before,
      proposed: {
        ...before,
        rule: [
          { port: 80, note: "web" },
          { port: 22, note: "ssh" },
        ],
      },
      env: {},
    });
    expect(reordered.rule).toEqual(before.rule);
  });

  it("on update, a changed value is planned; unchanged elements of a changed list keep theirs", () => {
    const proposed: TfObject = { ...stored, description: null, name: "b", hosts: [{ address: "y", note: null }] };
    const planned = planValues({ rules: listener, prior: stored, proposed, env: {} });
    expect(planned).toEqual({ ...stored, name: "b", hosts: [{ address: "y", note: "" }] });
  });
});

describe("RequiresReplace", () => {
  it("nothing for an update of a non-ForceNew argument", () => {
    expect(replaced({ ...prior, image_id: "img-2", name: "vm2" })).toEqual([]);
  });

  it("a ForceNew argument, compared as the SDK's flatmap strings", () => {
    expect(replaced({ ...prior, user_data: "0000" })).toEqual(["user_data"]);
    expect(replaced({ ...prior, user_data: UNKNOWN })).toEqual(["user_data"]);
    expect(replaced({ ...prior, availability_zone: null })).toEqual([]); // Optional+Computed left out
  });

  it("a ForceNew number or bool the configuration drops from 0 / false is no change (the type's zero value)", () => {
    const rules: TypeRules = {
      file: "f.go",
      update: true,
      attributes: {
        size: { type: "int", optional: true, forceNew: true },
        flag: { type: "bool", optional: true, forceNew: true },
      },
    };
    expect(requiresReplace(rules, { size: 0, flag: false }, { size: null, flag: null })).toEqual([]);
    expect(requiresReplace(rules, { size: 5, flag: true }, { size: null, flag: null }).map(pathText)).toEqual([
      "size",
      "flag",
    ]);
  });

  it("a nested ForceNew attribute with its list index; a count change names the list", () => {
    expect(replaced({ ...prior, network: [{ uuid: "net-1", name: "other", access_network: false }] })).toEqual([
      "network[0].name",
    ]);
    expect(
      replaced({
        ...prior,
        network: [...(prior.network as TfObject[]), { uuid: "net-2", name: "b", access_network: false }],
      }),
    ).toEqual(["network", "network[1].uuid", "network[1].name"]);
  });

  it("a changed set element with a ForceNew value names the set", () => {
    const before = { ...prior, rule: [{ port: 22, note: "ssh" }] };
    expect(replaced({ ...before, rule: [{ port: 22, note: "SSH" }] }, before)).toEqual(["rule"]);
    expect(replaced({ ...before, rule: [{ port: 22, note: "ssh" }] }, before)).toEqual([]);
  });

  it("customdiff.ForceNewIfChange(flavor_id) while the old value is empty", () => {
    expect(replaced({ ...prior, flavor_id: "3" })).toEqual([]);
    expect(replaced({ ...prior, flavor_id: "3" }, { ...prior, flavor_id: "" })).toEqual(["flavor_id"]);
  });

  it("a resource without Update replaces on any changed argument", () => {
    const noUpdate: TypeRules = { ...instance, update: false };
    expect(replaced({ ...prior, name: "vm2", tags: ["a", "b"] }, prior, noUpdate)).toEqual(["name", "tags"]);
    expect(replaced({ ...prior, tags: ["a"] }, prior, noUpdate)).toEqual([]);
  });
});
