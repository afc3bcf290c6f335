/**
 * How the terraform-plugin-sdk v2 decides that an attribute changed (helper/schema/schema.go
 * diffString, diffList, diffSet, diffMap): values are compared as flatmap strings, so null, "" and
 * an absent value are the same for a primitive, and null and [] / {} for a collection; a new null
 * against an old value compares as the type's zero value (diffString: `nraw = schema.Type.Zero()`:
 * an old 0 or false is no change); an
 * Optional+Computed attribute the configuration leaves out keeps its value; an unknown new value
 * ("computed") counts as a change.
 */
import type { AttributeRules } from "../../provider-rules/types.js";
import { isUnknown, type TfObject, type TfValue } from "../msgpack-values.js";

type Attributes = Readonly<Record<string, AttributeRules>>;

/** The SDK's flatmap string of a primitive ("" for null). */
export function flat(value: TfValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** A known object, or undefined. */
export function asObject(value: TfValue | undefined): TfObject | undefined {
  return value !== null &&
    value !== undefined &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    !isUnknown(value)
    ? value
    : undefined;
}

/** The elements of a list/set value ([] for null). */
export function elements(value: TfValue | undefined): TfValue[] {
  return Array.isArray(value) ? value : [];
}

/** True for the attributes the SDK adds itself (`id`, `timeouts`: `sdk` in the table), outside the provider's schema map. */
export const isSdkAttribute = (rule: AttributeRules) =>
  (rule as AttributeRules & { readonly sdk?: string }).sdk !== undefined;

/** True for an attribute the configuration can set (Required or Optional). */
export const configurable = (rule: AttributeRules) => Boolean(rule.required || rule.optional);

/** A canonical string of a set element: what the SDK hashes (its configurable attributes). */
export function canonical(rule: AttributeRules, value: TfValue | undefined): string {
  if (isUnknown(value)) return "<unknown>";
  if (rule.block) {
    const object = asObject(value) ?? {};
    const parts = Object.entries(rule.block)
      .filter(([, child]) => configurable(child))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, child]) => `${name}=${canonical(child, object[name])}`);
    return `{${parts.join(";")}}`;
  }
  if (rule.type === "list")
    return `[${elements(value)
      .map((v) => canonical({ type: rule.elem ?? "string" }, v))
      .join(",")}]`;
  if (rule.type === "set")
    return `[${elements(value)
      .map((v) => canonical({ type: rule.elem ?? "string" }, v))
      .sort()
      .join(",")}]`;
  if (rule.type === "map") {
    const object = asObject(value) ?? {};
    return `{${Object.keys(object)
      .sort()
      .map((key) => `${JSON.stringify(key)}=${flat(object[key])}`)
      .join(";")}}`;
  }
  return JSON.stringify(flat(value));
}

/** True when the SDK sees a change of this attribute between prior and planned (nested blocks compared deeply). */
export function sdkChanged(rule: AttributeRules, prior: TfValue | undefined, planned: TfValue | undefined): boolean {
  if (isUnknown(planned)) return true;
  if (isUnknown(prior)) return true;
  const unset =
    planned === null ||
    planned === undefined ||
    (Array.isArray(planned) && planned.length === 0 && rule.block !== undefined);
  // An Optional+Computed value the configuration leaves out keeps the prior one.
  if (unset && rule.computed) return false;
  if (rule.type === "list" || rule.type === "set") {
    const a = elements(prior);
    const b = elements(planned);
    if (a.length !== b.length) return true;
    // A set block compares its elements' canonical forms in any order (canonical() of a block is one element's).
    if (rule.type === "set" && rule.block)
      return (
        a
          .map((v) => canonical(rule, v))
          .sort()
          .join("\n") !==
        b
          .map((v) => canonical(rule, v))
          .sort()
          .join("\n")
      );
    if (rule.type === "set") return canonical(rule, prior) !== canonical(rule, planned);
    if (rule.block) return a.some((item, i) => blockChanged(rule.block!, asObject(item), asObject(b[i])));
    return a.some((item, i) => flat(item) !== flat(b[i]) || isUnknown(b[i]));
  }
  if (rule.type === "map") return canonical(rule, prior) !== canonical(rule, planned);
  const removed = (planned === null || planned === undefined) && prior !== null && prior !== undefined;
  return flat(prior) !== flat(removed ? zeroOf(rule) : planned);
}

/** The SDK's `schema.Type.Zero()` of a primitive. */
function zeroOf(rule: AttributeRules): TfValue {
  return rule.type === "int" || rule.type === "float" ? 0 : rule.type === "bool" ? false : "";
}

/** True when any configurable attribute of a block element changed. */
export function blockChanged(
  attributes: Attributes,
  prior: TfObject | undefined,
  planned: TfObject | undefined,
): boolean {
  return Object.entries(attributes).some(
    ([name, rule]) => configurable(rule) && sdkChanged(rule, prior?.[name], planned?.[name]),
  );
}
