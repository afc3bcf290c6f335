import { isDeepStrictEqual } from "node:util";

/**
 * A readable summary of a plan, from the JSON plan representation (`terraform show -json PLANFILE`):
 * what each resource change does and which attributes change. Used to refuse an update that would
 * replace or destroy a stateful resource, and by the CLI's dry-run. Values of sensitive attributes are
 * never copied (the JSON plan holds them in clear text): only their names.
 */

/** What happens to a resource. `forget` (removed from state, not destroyed) is reported as `delete`. */
export type PlanAction = "create" | "update" | "replace" | "delete" | "no-op" | "read";

/** One top-level attribute that changes. */
export interface PlanAttributeChange {
  readonly name: string;
  /** True when terraform marks the attribute (or part of it) sensitive; then no values are given. */
  readonly sensitive: boolean;
  /** True when the new value is known only after apply. */
  readonly unknownAfter: boolean;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** One entry of the plan's `resource_changes`. */
export interface PlanResourceChange {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly mode: "managed" | "data";
  readonly action: PlanAction;
  /** Attributes whose value changes (empty for delete, no-op and read). */
  readonly attributes: readonly PlanAttributeChange[];
  /** Attributes forcing a replacement (`replace_paths`, top-level names). */
  readonly replacedBecauseOf?: readonly string[];
  /** Terraform's `action_reason`, e.g. "replace_because_cannot_update". */
  readonly reason?: string;
  /** Set when the change concerns a deposed object. */
  readonly deposed?: string;
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

/** True when a sensitivity/unknown marker (true, or a structure holding a true) is set. */
function marked(value: unknown): boolean {
  if (value === true) return true;
  if (value === null || typeof value !== "object") return false;
  return Object.values(value as Json).some(marked);
}

/** Maps terraform's `actions` array to a {@link PlanAction}. */
export function classifyActions(actions: readonly unknown[]): PlanAction {
  const set = new Set(actions.map(String));
  if (set.has("delete") && set.has("create")) return "replace";
  if (set.has("create")) return "create";
  if (set.has("delete") || set.has("forget")) return "delete";
  if (set.has("update")) return "update";
  if (set.has("read")) return "read";
  return "no-op";
}

function changedAttributes(change: Json, action: PlanAction): PlanAttributeChange[] {
  if (action === "delete" || action === "no-op" || action === "read") return [];
  const before = action === "create" ? {} : asObject(change.before);
  const after = asObject(change.after);
  const unknown = asObject(change.after_unknown);
  const beforeSensitive = asObject(change.before_sensitive);
  const afterSensitive = asObject(change.after_sensitive);
  const names = [...new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)])].sort();
  const result: PlanAttributeChange[] = [];
  for (const name of names) {
    const unknownAfter = marked(unknown[name]);
    const beforeValue = before[name] ?? null;
    const afterValue = after[name] ?? null;
    if (!unknownAfter && isDeepStrictEqual(beforeValue, afterValue)) continue;
    const sensitive = marked(beforeSensitive[name]) || marked(afterSensitive[name]);
    result.push(
      sensitive
        ? { name, sensitive, unknownAfter }
        : { name, sensitive, unknownAfter, before: beforeValue, ...(unknownAfter ? {} : { after: afterValue }) },
    );
  }
  return result;
}

/** Summarizes the `resource_changes` of a JSON plan. */
export function summarizePlan(plan: Readonly<Record<string, unknown>>): PlanResourceChange[] {
  return summarizeEntries(plan.resource_changes);
}

/**
 * Summarizes the `resource_drift` of a JSON plan: what changed outside terraform since the last
 * apply, as a refresh (e.g. `plan -refresh-only`) found it; `update` with the attributes that differ
 * (before: the state, after: the cloud), `delete` for an object that is gone.
 */
export function summarizeDrift(plan: Readonly<Record<string, unknown>>): PlanResourceChange[] {
  return summarizeEntries(plan.resource_drift).filter((change) => change.action !== "no-op");
}

function summarizeEntries(list: unknown): PlanResourceChange[] {
  const entries = Array.isArray(list) ? list : [];
  return entries.map((entry): PlanResourceChange => {
    const rc = asObject(entry);
    const change = asObject(rc.change);
    const action = classifyActions(Array.isArray(change.actions) ? change.actions : []);
    const replacePaths = Array.isArray(change.replace_paths) ? change.replace_paths : [];
    const replacedBecauseOf = [...new Set(replacePaths.map((p) => (Array.isArray(p) ? String(p[0]) : String(p))))];
    return {
      address: String(rc.address ?? ""),
      type: String(rc.type ?? ""),
      name: String(rc.name ?? ""),
      mode: rc.mode === "data" ? "data" : "managed",
      action,
      attributes: changedAttributes(change, action),
      ...(replacedBecauseOf.length > 0 ? { replacedBecauseOf } : {}),
      ...(typeof rc.action_reason === "string" ? { reason: rc.action_reason } : {}),
      ...(typeof rc.deposed === "string" ? { deposed: rc.deposed } : {}),
    };
  });
}
