/**
 * `Required: true` with `DefaultFunc: schema.EnvDefaultFunc(...)`: terraform core has no such
 * conditional requiredness, so the SDK reports the argument as Optional in GetProviderSchema when
 * the DefaultFunc yields a value (its environment variable is set, or the fallback is not nil) and
 * Required otherwise (terraform-plugin-sdk/v2 helper/schema/core_schema.go,
 * coreConfigSchemaAttribute). openstack_networking_floatingip_v2.pool (OS_POOL_NAME) is one:
 * upstream's acceptance tests leave `pool` out and set OS_POOL_NAME.
 *
 * Top-level arguments only: the 3.4.0 rules table has no nested Required argument with one.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AttributeRules, ProviderRules } from "../../provider-rules/types.js";
import type { SimulatorAssets } from "../assets.js";
import type { ProviderSchema, TypeSchema } from "../schema-types.js";
import { envDefaultValue } from "./env-default.js";
import { readRulesTable, type RuleKind } from "./rules-source.js";

/** A Required argument with an EnvDefaultFunc. */
export interface EnvRequiredArgument {
  readonly kind: RuleKind;
  readonly type: string;
  readonly name: string;
  readonly valueType: AttributeRules["type"];
  readonly envDefault: NonNullable<AttributeRules["envDefault"]>;
}

/** The file of a bundle's split rules listing them (the split has no whole table to scan). */
export const ENV_REQUIRED_FILE = "env-required.json";

/** Every Required top-level argument with an EnvDefaultFunc in `table`. */
export function envRequiredArguments(table: ProviderRules): EnvRequiredArgument[] {
  const out: EnvRequiredArgument[] = [];
  const kinds: [RuleKind, ProviderRules["resources"]][] = [
    ["resource", table.resources],
    ["data", table.dataSources],
  ];
  for (const [kind, types] of kinds)
    for (const [type, rules] of Object.entries(types))
      for (const [name, rule] of Object.entries(rules.attributes))
        if (rule.required && rule.envDefault)
          out.push({ kind, type, name, valueType: rule.type, envDefault: rule.envDefault });
  return out;
}

/** The list for these assets: from the checkout's table or a bundle's file; none without rules. */
export function loadEnvRequiredArguments(
  assets: Pick<SimulatorAssets, "rulesFile" | "rulesDir">,
): readonly EnvRequiredArgument[] {
  if (assets.rulesDir) {
    try {
      return JSON.parse(readFileSync(join(assets.rulesDir, ENV_REQUIRED_FILE), "utf8")) as EnvRequiredArgument[];
    } catch {
      return [];
    }
  }
  return assets.rulesFile ? envRequiredArguments(readRulesTable(assets.rulesFile)) : [];
}

/** Those the SDK reports as Optional in `env` (their DefaultFunc yields a value there). */
export function optionalInEnv(
  list: readonly EnvRequiredArgument[],
  env: NodeJS.ProcessEnv,
): readonly EnvRequiredArgument[] {
  return list.filter((a) => envDefaultValue(a.envDefault, a.valueType, env) !== null);
}

/** `schema` with each of `relaxed` Optional instead of Required (a copy; `schema` is unchanged). */
export function relaxSchema(schema: ProviderSchema, relaxed: readonly EnvRequiredArgument[]): ProviderSchema {
  const resources: Record<string, TypeSchema> = { ...schema.resource_schemas };
  const data: Record<string, TypeSchema> = { ...schema.data_source_schemas };
  for (const argument of relaxed) {
    const types = argument.kind === "resource" ? resources : data;
    const current = types[argument.type];
    const attribute = current?.block.attributes?.[argument.name];
    if (!current || !attribute) continue;
    const { required: _required, ...rest } = attribute;
    types[argument.type] = {
      ...current,
      block: {
        ...current.block,
        attributes: { ...current.block.attributes, [argument.name]: { ...rest, optional: true } },
      },
    };
  }
  return { ...schema, resource_schemas: resources, data_source_schemas: data };
}
