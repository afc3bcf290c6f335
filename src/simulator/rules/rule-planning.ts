/**
 * PlanResourceChange from the rules table, as the terraform-plugin-sdk v2 plans (helper/schema
 * schemaMap.Diff + grpc_provider.go PlanResourceChange):
 * - `Default` is planned where the configuration leaves an attribute null, `EnvDefaultFunc` where the
 *   provider process's environment sets the variable;
 * - a StateFunc's result is planned (and so stored) instead of the configured value (user_data: its
 *   hex SHA-1); a DiffSuppressFunc that finds old and new equal keeps the prior value;
 * - an Optional+Computed block the configuration leaves out keeps its prior elements (unknown on create);
 * - on update, an attribute in which the SDK sees no change keeps its prior value (PlanResourceChange
 *   applies the diff to the prior state: a description Read stored as "" stays "" while the
 *   configuration leaves it null, so the plan is empty);
 * - RequiresReplace: changed ForceNew attributes, nested ones with their list index
 *   (`network[0].name`; a set element's change names the set), every changed argument of a resource
 *   without Update, and `customdiff.ForceNewIfChange` cases.
 */
import type { AttributeRules, TypeRules } from "../../provider-rules/types.js";
import { isUnknown, UNKNOWN, type TfObject, type TfValue } from "../msgpack-values.js";
import { pathText, trimToAttribute, type AttributePath } from "./attribute-path.js";
import { envDefaultValue } from "./env-default.js";
import { asObject, canonical, configurable, elements, flat, isSdkAttribute, sdkChanged } from "./sdk-diff.js";
import { diffSuppressor, mapDiffSuppressor, stateFunction } from "./value-functions.js";

type Attributes = Readonly<Record<string, AttributeRules>>;

/** Input of {@link planValues}. */
export interface RulePlanInput {
  readonly rules: TypeRules;
  /** The prior state (null on create). */
  readonly prior: TfObject | null;
  /** The proposed new state, shaped like the schema. */
  readonly proposed: TfObject;
  /** The configuration (PlanResourceChange `config`); defaults to `proposed`. */
  readonly config?: TfValue;
  /** The provider process's environment (EnvDefaultFunc). */
  readonly env?: NodeJS.ProcessEnv;
  /** Block names whose empty value the caller plans itself (behaviour computedBlocks). */
  readonly ownComputedBlocks?: readonly string[];
}

function stringMap(value: TfValue | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(asObject(value) ?? {}).map(([key, item]) => [key, flat(item)]));
}

function planObject(
  attributes: Attributes,
  proposed: TfObject,
  config: TfObject | undefined,
  prior: TfObject | undefined,
  env: NodeJS.ProcessEnv,
): TfObject {
  const out: TfObject = { ...proposed };
  for (const [name, rule] of Object.entries(attributes)) {
    const value = out[name];
    if (isUnknown(value)) continue;
    if (rule.block && Array.isArray(value)) {
      const configured = elements(config?.[name]);
      const before = elements(prior?.[name]);
      // Set elements have no stable position: only list elements meet their prior counterpart.
      out[name] = value.map((item, i) => {
        const object = asObject(item);
        if (!object) return item;
        const itemConfig = rule.type === "list" ? asObject(configured[i]) : object;
        return planObject(rule.block!, object, itemConfig, rule.type === "list" ? asObject(before[i]) : undefined, env);
      });
      continue;
    }
    const fromConfig = config?.[name];
    if ((value === null || value === undefined) && rule.default !== undefined) out[name] = rule.default;
    else if (rule.envDefault && (fromConfig === null || fromConfig === undefined)) {
      const fallback = envDefaultValue(rule.envDefault, rule.type, env);
      if (fallback !== null) out[name] = fallback;
    }
    const transform = stateFunction(rule.stateFunc);
    // MUST apply a StateFunc to configured values only (a prior value was transformed already).
    if (transform && typeof out[name] === "string" && fromConfig !== null && fromConfig !== undefined)
      out[name] = transform(out[name] as string);
    if (!prior || isUnknown(out[name])) continue;
    const suppress = diffSuppressor(rule.diffSuppress);
    if (suppress && rule.type !== "map" && suppress(flat(prior[name]), flat(out[name])))
      out[name] = prior[name] ?? null;
    const suppressMap = mapDiffSuppressor(rule.diffSuppress);
    if (suppressMap?.(stringMap(prior[name]), stringMap(out[name]))) out[name] = prior[name] ?? null;
  }
  return out;
}

/**
 * The planned values: proposed + defaults, StateFuncs, suppressed diffs, and Optional+Computed blocks
 * (prior elements kept on update, unknown on create).
 */
export function planValues(input: RulePlanInput): TfObject {
  const { rules, prior, proposed } = input;
  const config = asObject(input.config ?? proposed);
  const planned = planObject(rules.attributes, proposed, config, prior ?? undefined, input.env ?? process.env);
  if (prior) keepUnchanged(rules.attributes, planned, prior, input.ownComputedBlocks ?? []);
  for (const [name, rule] of Object.entries(rules.attributes)) {
    if (!rule.block || !rule.computed || input.ownComputedBlocks?.includes(name)) continue;
    if (elements(config?.[name]).length > 0 || !Array.isArray(planned[name]) || (planned[name] as TfValue[]).length > 0)
      continue;
    planned[name] = prior ? (prior[name] ?? []) : UNKNOWN;
  }
  return planned;
}

/**
 * The SDK's diff applied to the prior state: every attribute it sees no change in keeps the prior
 * value (in a changed list block, element by element). The SDK's own `id` and `timeouts` are not
 * diffed; `own` blocks are planned by the caller (behaviour computedBlocks).
 */
function keepUnchanged(attributes: Attributes, planned: TfObject, prior: TfObject, own: readonly string[] = []): void {
  for (const [name, rule] of Object.entries(attributes)) {
    if (isSdkAttribute(rule) || !(name in prior) || own.includes(name)) continue;
    if (!sdkChanged(rule, prior[name], planned[name])) {
      planned[name] = prior[name] ?? null;
      continue;
    }
    const before = elements(prior[name]);
    const after = planned[name];
    if (rule.block && rule.type === "list" && Array.isArray(after) && after.length === before.length) {
      planned[name] = after.map((item, i) => {
        const object = asObject(item);
        const old = asObject(before[i]);
        if (!object || !old) return item;
        const kept = { ...object };
        keepUnchanged(rule.block!, kept, old);
        return kept;
      });
    }
  }
}

/** True when a changed element of a set block holds a non-empty ForceNew value (its hash changes, the SDK forces new). */
function setForcesNew(rule: AttributeRules, prior: TfValue | undefined, planned: TfValue | undefined): boolean {
  const before = elements(prior);
  const after = elements(planned);
  const keys = new Set(after.map((item) => canonical(rule, item)));
  const kept = new Set(before.map((item) => canonical(rule, item)));
  const changed = [
    ...before.filter((item) => !keys.has(canonical(rule, item))),
    ...after.filter((item) => !kept.has(canonical(rule, item))),
  ];
  if (changed.length === 0) return false;
  if (rule.forceNew && before.length !== after.length) return true;
  const leaves = (attributes: Attributes, element: TfValue): boolean =>
    Object.entries(attributes).some(([name, child]) => {
      const value = asObject(element)?.[name];
      if (child.block)
        return (
          elements(value).some((item) => leaves(child.block!, item)) ||
          (child.forceNew === true && elements(value).length > 0)
        );
      return child.forceNew === true && configurable(child) && (isUnknown(value) || flat(value) !== "");
    });
  return changed.some((item) => leaves(rule.block!, item));
}

function forceNewPaths(
  attributes: Attributes,
  prior: TfObject | undefined,
  planned: TfObject | undefined,
  path: AttributePath,
  out: AttributePath[],
): void {
  for (const [name, rule] of Object.entries(attributes)) {
    const before = prior?.[name];
    const after = planned?.[name];
    const here: AttributePath = [...path, { attribute: name }];
    if (rule.block && rule.type === "set") {
      if (isUnknown(after) ? rule.forceNew : setForcesNew(rule, before, after)) out.push(here);
      continue;
    }
    if (rule.block) {
      if (isUnknown(after)) {
        if (rule.forceNew) out.push(here);
        continue;
      }
      const a = elements(before);
      const b = elements(after);
      // An Optional+Computed block left out of the configuration is no change.
      if (b.length === 0 && rule.computed) continue;
      if (rule.forceNew && a.length !== b.length) out.push(here);
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        forceNewPaths(rule.block, asObject(a[i]), asObject(b[i]), [...here, { index: i }], out);
      }
      continue;
    }
    if (rule.forceNew && configurable(rule) && sdkChanged(rule, before, after)) out.push(here);
  }
}

/** RequiresReplace of an update (prior state present), as cty paths; empty on create. */
export function requiresReplace(rules: TypeRules, prior: TfObject | null, planned: TfObject): AttributePath[] {
  if (!prior) return [];
  const out: AttributePath[] = [];
  forceNewPaths(rules.attributes, prior, planned, [], out);
  if (rules.update === false) {
    for (const [name, rule] of Object.entries(rules.attributes)) {
      if (configurable(rule) && !isSdkAttribute(rule) && sdkChanged(rule, prior[name], planned[name]))
        out.push([{ attribute: name }]);
    }
  }
  for (const customization of rules.customizeDiff ?? []) {
    if (customization.kind !== "force-new-if-change" || customization.condition !== "old-empty") continue;
    const rule = rules.attributes[customization.attribute];
    if (
      rule &&
      flat(prior[customization.attribute]) === "" &&
      sdkChanged(rule, prior[customization.attribute], planned[customization.attribute])
    ) {
      out.push([{ attribute: customization.attribute }]);
    }
  }
  const unique = new Map<string, AttributePath>();
  for (const path of out.map(trimToAttribute)) if (path.length > 0) unique.set(pathText(path), path);
  return [...unique.values()];
}
