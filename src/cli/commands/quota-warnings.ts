import type { QuotaUsage, SimulatedCloud } from "../../simulator/index.js";
import type { PlanResourceChange } from "../../terraform/plan-summary.js";
import type { WarningSource } from "../../broker/dry-run/dry-run.js";
import type { PlanWarning } from "../../broker/dry-run/plan-report.js";

/** Options of {@link createQuotaWarnings}. */
export interface QuotaWarningsOptions {
  readonly cloud: SimulatedCloud;
  /** The instance's stored terraform state (undefined for a new instance). */
  readonly readState: (instanceId: string) => Promise<Uint8Array | undefined>;
}

/** A resource's attributes (terraform's values). */
type TfObject = Record<string, unknown>;

const UNITS: Record<keyof QuotaUsage, string> = {
  instances: "instances",
  cores: "cores",
  ram: "MB of RAM",
  volumes: "volumes",
  gigabytes: "GB of volume storage",
};

/**
 * Warnings for a plan that would exceed the simulated project's quotas: the quota each changed
 * resource consumes (the simulator's own rules, from the planned values; for an update or replace
 * minus what the current object consumes) added to the cloud's usage, against its limits.
 * Values known only after apply count as the simulator's defaults.
 */
export function createQuotaWarnings(options: QuotaWarningsOptions): WarningSource {
  return async (changes, resolved) => {
    const config = await options.cloud.config();
    const current = currentObjects(await options.readState(resolved.instanceId));
    // Loaded here, not at the top: a `plan` against no simulator never loads it (issue 16 item 5);
    // with a simulated cloud it is loaded already.
    const { noUsage } = await import("../../simulator/index.js");
    const delta = noUsage();
    const count = async (object: TfObject | undefined, type: string, sign: 1 | -1) => {
      const quota = object === undefined ? undefined : await options.cloud.quotaOf(type, object);
      for (const key of Object.keys(delta) as (keyof QuotaUsage)[]) delta[key] += sign * (quota?.[key] ?? 0);
    };
    for (const change of changes) {
      if (change.mode !== "managed" || change.action === "no-op" || change.action === "read") continue;
      const before = current.get(change.address);
      if (change.action !== "create") await count(before, change.type, -1);
      if (change.action !== "delete")
        await count(plannedObject(change, change.action === "create" ? undefined : before), change.type, 1);
    }
    const used = await options.cloud.usage();
    const warnings: PlanWarning[] = [];
    for (const key of Object.keys(delta) as (keyof QuotaUsage)[]) {
      const limit = config.quotas[key];
      if (delta[key] > 0 && limit >= 0 && used[key] + delta[key] > limit) {
        warnings.push({
          kind: "quota",
          message: `quota ${key} would be exceeded: the plan needs ${delta[key]} more ${UNITS[key]}, ${used[key]} of ${limit} are in use`,
        });
      }
    }
    return warnings;
  };
}

/** The object terraform plans: the current attributes with the changed ones' planned values. */
function plannedObject(change: PlanResourceChange, before: TfObject | undefined): TfObject {
  const object: TfObject = { ...(before ?? {}) };
  for (const attribute of change.attributes) {
    if (attribute.unknownAfter || attribute.sensitive) delete object[attribute.name];
    else object[attribute.name] = attribute.after;
  }
  return object;
}

/** Resource address → attributes, from a terraform state (format version 4). */
export function currentObjects(state: Uint8Array | undefined): Map<string, TfObject> {
  const out = new Map<string, TfObject>();
  if (state === undefined) return out;
  const parsed = JSON.parse(new TextDecoder().decode(state)) as { resources?: StateResource[] };
  for (const resource of parsed.resources ?? []) {
    if (resource.mode !== "managed") continue;
    const base = `${resource.module ? `${resource.module}.` : ""}${resource.type}.${resource.name}`;
    for (const instance of resource.instances ?? []) {
      const key = instance.index_key;
      const suffix = key === undefined ? "" : typeof key === "number" ? `[${key}]` : `[${JSON.stringify(key)}]`;
      out.set(`${base}${suffix}`, (instance.attributes ?? {}) as TfObject);
    }
  }
  return out;
}

interface StateResource {
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  readonly module?: string;
  readonly instances?: { readonly index_key?: string | number; readonly attributes?: Record<string, unknown> }[];
}
