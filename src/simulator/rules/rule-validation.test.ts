import { describe, expect, it } from "vitest";
import type { AttributeRules } from "../../provider-rules/types.js";
import { UNKNOWN, type TfValue } from "../msgpack-values.js";
import type { SchemaBlock } from "../schema-types.js";
import { pathText } from "./attribute-path.js";
import { validateWithRules } from "./rule-validation.js";

// Fixtures shaped like the rules table; the behaviours are terraform-plugin-sdk v2 helper/schema/schema.go
// (schemaMap.validate and friends), the wording is the SDK's.
const block: SchemaBlock = {
  attributes: {
    size: { type: "number", required: true },
    volume_type: { type: "string", optional: true },
    zone: { type: "string", optional: true },
    hints: { type: "string", optional: true },
    listener_id: { type: "string", optional: true },
    loadbalancer_id: { type: "string", optional: true },
    mode: { type: "string", optional: true },
    port: { type: "number", optional: true },
    tags: { type: ["set", "string"], optional: true },
    names: { type: ["list", "string"], optional: true },
    old: { type: "string", optional: true },
    flavor: { type: "string", optional: true },
  },
  block_types: {
    datastore: { nesting_mode: "list", block: { attributes: { type: { type: "string", required: true } } } },
    rule: { nesting_mode: "set", block: { attributes: { protocol: { type: "string", optional: true } } } },
  },
};
const rules: Record<string, AttributeRules> = {
  size: { type: "int", required: true, requiredWith: ["volume_type"] },
  volume_type: { type: "string", optional: true },
  zone: { type: "string", optional: true, conflictsWith: ["hints"] },
  hints: { type: "string", optional: true, conflictsWith: ["zone"] },
  listener_id: { type: "string", optional: true, exactlyOneOf: ["loadbalancer_id", "listener_id"] },
  loadbalancer_id: { type: "string", optional: true, exactlyOneOf: ["loadbalancer_id", "listener_id"] },
  mode: { type: "string", optional: true, validate: [{ fn: "StringInSlice", args: [["auto", "none"], true] }] },
  port: { type: "int", optional: true, validate: [{ fn: "IntBetween", args: [1, 65535] }] },
  tags: { type: "set", elem: "string", optional: true, elemValidate: [{ fn: "StringInSlice", args: [["a"], false] }] },
  names: { type: "list", elem: "string", optional: true, maxItems: 1 },
  old: { type: "string", optional: true, deprecated: "use new" },
  flavor: {
    type: "string",
    optional: true,
    envDefault: { variables: ["OS_FLAVOR_ID"] },
    requiredWith: ["volume_type"],
  },
  datastore: {
    type: "list",
    required: true,
    block: { type: { type: "string", required: true, validate: [{ fn: "StringInSlice", args: [["mysql"], false] }] } },
  },
  rule: {
    type: "set",
    optional: true,
    block: {
      protocol: { type: "string", optional: true, validate: [{ fn: "StringInSlice", args: [["tcp"], false] }] },
    },
  },
};

const base = { size: 1, volume_type: "ssd", listener_id: "l", datastore: [{ type: "mysql" }] };
const run = (config: Record<string, TfValue>, env: NodeJS.ProcessEnv = {}) =>
  validateWithRules(rules, block, config, { env }).map((d) => ({ ...d, path: pathText(d.path ?? []) }));

describe("validation with the SDK's checks and wording", () => {
  it("accepts a valid configuration", () => {
    expect(run(base)).toEqual([]);
  });

  it("RequiredWith: all of the keys, sorted, must be specified", () => {
    expect(run({ ...base, volume_type: null })).toEqual([
      {
        severity: "error",
        summary: "Missing required argument",
        detail: '"size": all of `size,volume_type` must be specified',
        path: "size",
      },
    ]);
  });

  it("ConflictsWith: each set attribute reports the first conflicting one", () => {
    const diagnostics = run({ ...base, zone: "nova", hints: "x" });
    expect(diagnostics).toEqual([
      {
        severity: "error",
        summary: "Conflicting configuration arguments",
        detail: '"zone": conflicts with hints',
        path: "zone",
      },
      {
        severity: "error",
        summary: "Conflicting configuration arguments",
        detail: '"hints": conflicts with zone',
        path: "hints",
      },
    ]);
  });

  it("ExactlyOneOf: none, or more than one, on every attribute of the group", () => {
    expect(run({ ...base, listener_id: null }).map((d) => d.detail)).toEqual([
      '"listener_id": one of `listener_id,loadbalancer_id` must be specified',
      '"loadbalancer_id": one of `listener_id,loadbalancer_id` must be specified',
    ]);
    expect(run({ ...base, loadbalancer_id: "lb" })[0]).toEqual({
      severity: "error",
      summary: "Invalid combination of arguments",
      path: "listener_id",
      detail:
        '"listener_id": only one of `listener_id,loadbalancer_id` can be specified, but `listener_id,loadbalancer_id` were specified.',
    });
  });

  it("validators: the SDK's messages, flatmap keys and attribute paths, nested blocks included", () => {
    expect(run({ ...base, mode: "AUTO" })).toEqual([]); // ignoreCase
    expect(run({ ...base, mode: "bogus", port: 0, datastore: [{ type: "pg" }] })).toEqual([
      { severity: "error", summary: 'expected mode to be one of ["auto" "none"], got bogus', path: "mode" },
      { severity: "error", summary: "expected port to be in the range (1 - 65535), got 0", path: "port" },
      {
        severity: "error",
        summary: 'expected datastore.0.type to be one of ["mysql"], got pg',
        path: "datastore[0].type",
      },
    ]);
  });

  it("sets: element keys are indexed, paths truncated to the set", () => {
    expect(run({ ...base, tags: ["a", "b"], rule: [{ protocol: "udp" }] })).toEqual([
      { severity: "error", summary: 'expected tags.1 to be one of ["a"], got b', path: "tags" },
      { severity: "error", summary: 'expected rule.0.protocol to be one of ["tcp"], got udp', path: "rule" },
    ]);
  });

  it("skips rules over unknown values, as the SDK does", () => {
    expect(run({ ...base, mode: UNKNOWN, zone: "nova", hints: UNKNOWN, datastore: [{ type: UNKNOWN }] })).toEqual([]);
    // An unknown member of an ExactlyOneOf group may still be null: no error yet.
    expect(run({ ...base, listener_id: UNKNOWN })).toEqual([]);
  });

  it("list limits of attributes, deprecation warnings", () => {
    expect(run({ ...base, names: ["a", "b"], old: "x" })).toEqual([
      {
        severity: "error",
        summary: "Too many list items",
        detail: "Attribute names supports 1 item maximum, but config has 2 declared.",
        path: "names",
      },
      { severity: "warning", summary: "Argument is deprecated", detail: "use new", path: "old" },
    ]);
  });

  it("an EnvDefaultFunc value counts as set, from the provider's environment", () => {
    expect(run({ ...base, volume_type: null }, {}).map((d) => d.path)).toEqual(["size"]);
    expect(run({ ...base, volume_type: null }, { OS_FLAVOR_ID: "3" }).map((d) => d.detail)).toEqual([
      '"size": all of `size,volume_type` must be specified',
      '"flavor": all of `flavor,volume_type` must be specified',
    ]);
  });
});
