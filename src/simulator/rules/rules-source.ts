/**
 * Where the simulator gets a type's rules: from the checkout's rules table (parsed once per
 * process, on first use) or, in a bundle, from the table split per type at build time (one small
 * file read on first use of that type), so a launched provider's start-up does not pay for parsing
 * the whole table — terraform starts it 2-5 times per command.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AttributeRules, ProviderRules, TypeRules } from "../../provider-rules/types.js";
import type { SimulatorAssets } from "../assets.js";

/** Resource or data source. */
export type RuleKind = "resource" | "data";

/** A type's rules, loaded lazily. */
export interface RulesSource {
  /** The rules of a resource type or data source; undefined when the table does not have them (or is absent). */
  typeRules(kind: RuleKind, type: string): TypeRules | undefined;
  /** The provider block's own arguments (`providerConfig`), when the table has them. */
  providerRules(): Readonly<Record<string, AttributeRules>> | undefined;
}

/** The provider block's arguments in a table (`providerConfig`, absent from older tables). */
export type ProviderConfigRules = Readonly<Record<string, AttributeRules>>;

/** The file of a split table holding the provider block's rules. */
export const SPLIT_PROVIDER_FILE = "provider.json";

const tables = new Map<string, ProviderRules>();

/** The whole table in `file` (cached per process). */
export function readRulesTable(file: string): ProviderRules {
  let table = tables.get(file);
  if (!table) {
    table = JSON.parse(readFileSync(file, "utf8")) as ProviderRules;
    tables.set(file, table);
  }
  return table;
}

/** The per-type file of a split table. */
export function splitRulesFile(dir: string, kind: RuleKind, type: string): string {
  return join(dir, kind, `${type}.json`);
}

/** A {@link RulesSource} for these assets (none at all when they hold no rules). */
export function createRulesSource(assets: Pick<SimulatorAssets, "rulesFile" | "rulesDir">): RulesSource {
  const cache = new Map<string, TypeRules | undefined>();
  const { rulesDir, rulesFile } = assets;
  let provider: { rules: ProviderConfigRules | undefined } | undefined;
  return {
    providerRules() {
      if (provider) return provider.rules;
      let rules: ProviderConfigRules | undefined;
      if (rulesDir) {
        try {
          rules = JSON.parse(readFileSync(join(rulesDir, SPLIT_PROVIDER_FILE), "utf8")) as ProviderConfigRules;
        } catch {
          rules = undefined;
        }
      } else if (rulesFile) {
        rules = (readRulesTable(rulesFile) as ProviderRules & { readonly providerConfig?: ProviderConfigRules })
          .providerConfig;
      }
      provider = { rules };
      return rules;
    },
    typeRules(kind, type) {
      const key = `${kind}/${type}`;
      if (cache.has(key)) return cache.get(key);
      let rules: TypeRules | undefined;
      if (rulesDir) {
        // MUST accept only plain type names: they become file names.
        if (/^[a-z0-9_]+$/.test(type)) {
          try {
            rules = JSON.parse(readFileSync(splitRulesFile(rulesDir, kind, type), "utf8")) as TypeRules;
          } catch {
            rules = undefined;
          }
        }
      } else if (rulesFile) {
        const table = readRulesTable(rulesFile);
        rules = (kind === "resource" ? table.resources : table.dataSources)[type];
      }
      cache.set(key, rules);
      return rules;
    },
  };
}
