/**
 * The rules table against the provider's schema JSON (`terraform providers schema -json` of 3.4.0):
 * the same resource and data source names, and every attribute / nested block on both sides with an
 * agreeing type, required / optional / computed / sensitive and block item counts. The SDK's conversion
 * to the wire schema (terraform-plugin-sdk v2 helper/schema/core_schema.go) is applied to the table's
 * side: a computed-only block or a ConfigModeAttr block is an attribute of object type; a Required block
 * gets min_items 1, an Optional one min_items 0, a computed-only one no item counts; a Required attribute
 * whose EnvDefaultFunc has a non-nil fallback is optional.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadProviderRules } from "./load.js";
import type { AttributeRules } from "./types.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const schema = JSON.parse(readFileSync(resolve(root, "schema", "openstack-provider-schema-3.4.0.json"), "utf8"));
const provider = schema.provider_schemas["registry.terraform.io/terraform-provider-openstack/openstack"];
const rules = loadProviderRules();

type JsonType = string | [string, JsonType] | ["object", Record<string, JsonType>];
interface JsonBlock {
  attributes?: Record<
    string,
    { type: JsonType; required?: boolean; optional?: boolean; computed?: boolean; sensitive?: boolean }
  >;
  block_types?: Record<string, { nesting_mode: string; min_items?: number; max_items?: number; block: JsonBlock }>;
}

function isAttributeOnTheWire(a: AttributeRules): boolean {
  return !a.block || a.configModeAttr === true || (a.computed === true && !a.optional);
}

function typeAgrees(
  json: JsonType,
  a: AttributeRules | { type: AttributeRules["type"]; elem?: string; block?: AttributeRules["block"] },
  path: string,
  out: string[],
): void {
  const primitive = (t: string, rule: string | undefined): boolean =>
    (t === "number" && (rule === "int" || rule === "float")) || t === rule;
  if (typeof json === "string") {
    if (!primitive(json, a.type)) out.push(`${path}: type ${json} vs ${a.type}`);
    return;
  }
  const [kind, inner] = json;
  if (kind !== a.type) out.push(`${path}: type ${JSON.stringify(json)} vs ${a.type}`);
  if (Array.isArray(inner) && inner[0] === "object") {
    const fields = inner[1] as Record<string, JsonType>;
    if (!a.block) return void out.push(`${path}: object elements, table has no block`);
    for (const name of new Set([...Object.keys(fields), ...Object.keys(a.block)])) {
      if (!(name in fields)) out.push(`${path}.${name}: in the table, not in the schema JSON`);
      else if (!a.block[name]) out.push(`${path}.${name}: in the schema JSON, not in the table`);
      else typeAgrees(fields[name], a.block[name], `${path}.${name}`, out);
    }
  } else if (typeof inner === "string") {
    if (!primitive(inner, a.elem)) out.push(`${path}: element ${inner} vs ${a.elem ?? "(none)"}`);
  } else {
    out.push(`${path}: element ${JSON.stringify(inner)} (a collection) vs ${a.elem ?? "(none)"}`);
  }
}

function compareBlock(
  json: JsonBlock,
  table: Readonly<Record<string, AttributeRules>>,
  path: string,
  out: string[],
): void {
  const attrs = json.attributes ?? {};
  const blocks = json.block_types ?? {};
  for (const name of new Set([...Object.keys(attrs), ...Object.keys(blocks), ...Object.keys(table)])) {
    const p = `${path}.${name}`;
    const a = table[name];
    if (!a) {
      out.push(`${p}: in the schema JSON, not in the table`);
      continue;
    }
    if (isAttributeOnTheWire(a)) {
      const j = attrs[name];
      if (!j) {
        out.push(`${p}: the table's ${a.block ? "attribute-mode block" : "attribute"} is not a schema JSON attribute`);
        continue;
      }
      const optionalByEnv = a.required === true && a.envDefault?.fallback !== undefined;
      const expected = {
        required: a.required === true && !optionalByEnv,
        optional: a.optional === true || optionalByEnv,
        computed: a.computed === true,
        sensitive: a.sensitive === true,
      };
      for (const flag of ["required", "optional", "computed", "sensitive"] as const) {
        if ((j[flag] === true) !== expected[flag])
          out.push(`${p}: ${flag} ${j[flag] === true} vs table ${expected[flag]}`);
      }
      typeAgrees(j.type, a, p, out);
      continue;
    }
    const b = blocks[name];
    if (!b) {
      out.push(`${p}: the table's block is not a schema JSON block`);
      continue;
    }
    const nesting = a.sdk === "timeouts" ? "single" : a.type;
    if (b.nesting_mode !== nesting) out.push(`${p}: nesting ${b.nesting_mode} vs table ${nesting}`);
    let min = a.minItems ?? 0;
    let max = a.maxItems ?? 0;
    if (a.required && min === 0) min = 1;
    if (a.optional && min > 0) min = 0;
    if (a.sdk === "timeouts") max = 0;
    if ((b.min_items ?? 0) !== min) out.push(`${p}: min_items ${b.min_items ?? 0} vs table ${min}`);
    if ((b.max_items ?? 0) !== max) out.push(`${p}: max_items ${b.max_items ?? 0} vs table ${max}`);
    compareBlock(b.block, a.block!, p, out);
  }
}

describe("the rules table agrees with the provider's schema JSON", () => {
  it("covers exactly the resource and data source names", () => {
    expect(Object.keys(rules.resources).sort()).toEqual(Object.keys(provider.resource_schemas).sort());
    expect(Object.keys(rules.dataSources).sort()).toEqual(Object.keys(provider.data_source_schemas).sort());
  });

  it("has every attribute and nested block (the provider block's too), with the same type and flags", () => {
    const out: string[] = [];
    for (const [name, s] of Object.entries<{ block: JsonBlock }>(provider.resource_schemas)) {
      compareBlock(s.block, rules.resources[name]?.attributes ?? {}, name, out);
    }
    compareBlock(provider.provider.block, rules.providerConfig ?? {}, "(provider)", out);
    for (const [name, s] of Object.entries<{ block: JsonBlock }>(provider.data_source_schemas)) {
      compareBlock(s.block, rules.dataSources[name]?.attributes ?? {}, `data.${name}`, out);
    }
    // A difference is allowed only where the table itself says it does not model the attribute.
    const unexplained = out.filter((d) => !(d.slice(0, d.indexOf(":")) in rules.unmodelled));
    expect(unexplained).toEqual([]);
  });
});
