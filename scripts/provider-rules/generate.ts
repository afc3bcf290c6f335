/**
 * Builds the rules table from the provider's source: provider.go's ResourcesMap / DataSourcesMap name
 * each type's constructor; each constructor is interpreted (go-eval.ts) into its `schema.Resource`,
 * which becomes the type's rules (schema-rules.ts, customize-diff.ts, destructive-updates.ts).
 * `serializeProviderRules` writes it deterministically (sorted keys, two-space indent, final newline).
 */
import { join } from "node:path";
import type { AttributeRules, ProviderRules, TypeRules } from "../../src/provider-rules/types.js";
import type { GoExpr } from "./go-ast.js";
import { GoEvaluator, GoUnsupported } from "./go-eval.js";
import { type GoPackage, loadGoPackage } from "./go-package.js";
import { valueText } from "./go-values.js";
import { findGo } from "./go-walk.js";
import { customizeDiffRules } from "./customize-diff.js";
import { destructiveUpdates } from "./destructive-updates.js";
import { gophercloudConstant } from "./gophercloud-constants.js";
import { type RulesContext, blockRules, isStruct, sdkAttributes } from "./schema-rules.js";

export const PROVIDER_ADDRESS = "registry.terraform.io/terraform-provider-openstack/openstack";

/** Options of `generateProviderRules`. */
export interface GenerateProviderRulesOptions {
  /** The provider's source root (holding `openstack/provider.go`). */
  readonly sourceDir: string;
  readonly version: string;
}

/** `"openstack_x" → constructor name` for the map literal keyed `mapName` in Provider(). */
export function providerMap(pkg: GoPackage, mapName: "ResourcesMap" | "DataSourcesMap"): Map<string, string> {
  const provider = pkg.funcs.get("Provider");
  if (!provider?.decl.body) throw new Error("provider.go: no func Provider()");
  type Composite = Extract<GoExpr, { k: "composite" }>;
  const out = new Map<string, string>();
  for (const lit of findGo(provider.decl.body, (n): n is Composite => n.k === "composite")) {
    for (const e of lit.elts) {
      if (e.key?.k !== "ident" || e.key.name !== mapName || e.value.k !== "composite") continue;
      for (const entry of e.value.elts) {
        const v = entry.value;
        if (entry.key?.k !== "lit" || v.k !== "call" || v.fn.k !== "ident")
          throw new Error(`${mapName}: unexpected entry`);
        out.set(entry.key.value, v.fn.name);
      }
    }
  }
  if (!out.size) throw new Error(`provider.go: no ${mapName}`);
  return out;
}

/** The provider block's own arguments: the `Schema` of the `&schema.Provider{...}` literal in Provider(). */
function providerConfig(ev: GoEvaluator, unmodelled: Map<string, string>): Record<string, AttributeRules> {
  const provider = ev.pkg.funcs.get("Provider")!;
  type Composite = Extract<GoExpr, { k: "composite" }>;
  const literal = findGo(provider.decl.body!, (n): n is Composite => n.k === "composite").find(
    (c) => c.type?.k === "selector" && c.type.sel === "Provider",
  );
  const schema = literal?.elts.find((e) => e.key?.k === "ident" && e.key.name === "Schema");
  if (!schema) throw new Error("provider.go: no &schema.Provider{Schema: ...} literal");
  const ctx: RulesContext = { ev, note: (path, what) => unmodelled.set(path.join("."), what) };
  const value = ev.eval(schema.value, null, provider.file);
  return blockRules(
    { t: "struct", type: "schema.Resource", fields: new Map([["Schema", value]]) },
    ["(provider)"],
    ctx,
  );
}

function typeRules(
  ev: GoEvaluator,
  ctor: string,
  address: string,
  managed: boolean,
  unmodelled: Map<string, string>,
): TypeRules {
  const ctx: RulesContext = {
    ev,
    note: (path, what) => {
      const key = path.join(".");
      unmodelled.set(key, unmodelled.has(key) ? `${unmodelled.get(key)}; ${what}` : what);
    },
  };
  const fn = ev.pkg.funcs.get(ctor);
  if (!fn) throw new Error(`${address}: no function ${ctor}`);
  let resource;
  try {
    resource = ev.call(ctor);
  } catch (e) {
    if (e instanceof GoUnsupported) throw new Error(`${address}: ${ctor}: ${e.message}`);
    throw e;
  }
  if (!isStruct(resource, "schema.Resource"))
    throw new Error(`${address}: ${ctor} does not return a schema.Resource literal`);
  const attributes = blockRules(resource, [address], ctx);
  sdkAttributes(resource, attributes);
  const rules: { -readonly [K in keyof TypeRules]: TypeRules[K] } = { file: `openstack/${fn.fileName}`, attributes };
  const deprecation = resource.fields.get("DeprecationMessage") ?? null;
  if (typeof deprecation === "string") rules.deprecated = deprecation;
  else if (deprecation !== null) ctx.note([address, "DeprecationMessage"], valueText(deprecation));
  if (!managed) return rules;
  const update = ["Update", "UpdateContext", "UpdateWithoutTimeout"]
    .map((f) => resource.fields.get(f) ?? null)
    .find((v) => v !== null);
  rules.update = update !== undefined;
  const customize = customizeDiffRules(resource.fields.get("CustomizeDiff") ?? null, [address, "CustomizeDiff"], ctx);
  if (customize.length) rules.customizeDiff = customize;
  if (update && typeof update === "object" && update.t === "func") {
    const destructive = destructiveUpdates(ev.pkg, update.name);
    if (destructive.length) rules.destructiveUpdates = destructive;
  }
  return rules;
}

/** Generates the table from `sourceDir`. */
export function generateProviderRules(options: GenerateProviderRulesOptions): ProviderRules {
  return generateProviderRulesFrom(loadGoPackage(join(options.sourceDir, "openstack")), options.version);
}

/** Generates the table from a parsed provider package (the `openstack` package: provider.go and the rest). */
export function generateProviderRulesFrom(pkg: GoPackage, version: string): ProviderRules {
  const ev = new GoEvaluator(pkg, gophercloudConstant);
  const unmodelled = new Map<string, string>();
  const resources: Record<string, TypeRules> = {};
  const dataSources: Record<string, TypeRules> = {};
  for (const [name, ctor] of providerMap(pkg, "ResourcesMap"))
    resources[name] = typeRules(ev, ctor, name, true, unmodelled);
  for (const [name, ctor] of providerMap(pkg, "DataSourcesMap"))
    dataSources[name] = typeRules(ev, ctor, `data.${name}`, false, unmodelled);
  const provider = providerConfig(ev, unmodelled);
  for (const c of ev.unresolved)
    unmodelled.set(`(gophercloud).${c}`, "constant not in scripts/provider-rules/gophercloud-constants.ts");
  return {
    provider: PROVIDER_ADDRESS,
    version,
    providerConfig: provider,
    resources,
    dataSources,
    unmodelled: Object.fromEntries(unmodelled),
  };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, x]) => [k, sortKeys(x)]));
  }
  return v;
}

/** The table as committed: keys sorted at every level, arrays in source order, 2-space indent, final newline. */
export function serializeProviderRules(rules: ProviderRules): string {
  return `${JSON.stringify(sortKeys(rules), null, 2)}\n`;
}
