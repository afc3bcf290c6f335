/**
 * Runs a step's state checks the way terraform-plugin-testing does: over the flatmap form of each
 * resource's state (lists and sets `x.#`, `x.0.y`; maps `m.%`, `m.key`; null values absent), with
 * its messages ("Attribute 'k' expected \"v\", got \"w\""; an expected "0" for a `.#`/`.%` key also
 * accepts an absent key, since empty containers may be elided from the state).
 */
import type { CorpusCheck } from "./corpus-types.js";

/** Flatmap attributes per resource address (`openstack_x.a`, `data.openstack_y.b`, `x.a.0` for count). */
export type FlatState = ReadonlyMap<string, ReadonlyMap<string, string>>;

interface StateResource {
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly instances: readonly {
    readonly index_key?: string | number;
    readonly attributes?: Record<string, unknown>;
  }[];
}

/** The flatmap state of a terraform.tfstate file (local backend; root module). */
export function flatState(tfstate: string): FlatState {
  const parsed = JSON.parse(tfstate) as { resources?: readonly (StateResource & { module?: string })[] };
  const out = new Map<string, Map<string, string>>();
  for (const resource of parsed.resources ?? []) {
    if (resource.module) continue;
    for (const instance of resource.instances) {
      const attributes = new Map<string, string>();
      flatten(instance.attributes ?? {}, "", attributes);
      const base = `${resource.mode === "data" ? "data." : ""}${resource.type}.${resource.name}`;
      out.set(instance.index_key === undefined ? base : `${base}.${instance.index_key}`, attributes);
    }
  }
  return out;
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    out.set(`${prefix}#`, String(value.length));
    value.forEach((item, n) => flatten(item, `${prefix}${n}.`, out));
    return;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    // Nested blocks are lists of objects; a bare object below the top level is a map attribute.
    if (prefix !== "" && !prefix.match(/\.\d+\.$/))
      out.set(`${prefix}%`, String(entries.filter(([, v]) => v !== null).length));
    for (const [key, item] of entries) flatten(item, `${prefix}${key}.`, out);
    return;
  }
  out.set(prefix.slice(0, -1), String(value));
}

/** The first check of `checks` that fails on `state`, as the SDK words it; undefined when all pass. */
export function failedCheck(checks: readonly CorpusCheck[], state: FlatState): string | undefined {
  for (const check of checks) {
    const attributes = state.get(check.address);
    if (!attributes) return `Not found: ${check.address} in the state`;
    const value = attributes.get(check.key);
    const emptyContainer = /\.[#%]$/.test(check.key);
    switch (check.kind) {
      case "equals":
        if (value === undefined && !(check.value === "0" && emptyContainer))
          return `${check.address}: Attribute '${check.key}' not found`;
        if (value !== undefined && value !== check.value)
          return `${check.address}: Attribute '${check.key}' expected ${JSON.stringify(check.value)}, got ${JSON.stringify(value)}`;
        break;
      case "set":
        if (value === undefined || value === "") return `${check.address}: Attribute '${check.key}' expected to be set`;
        break;
      case "absent":
        if (value !== undefined && !(emptyContainer && value === "0"))
          return `${check.address}: Attribute '${check.key}' found when not expected`;
        break;
      case "pair": {
        const other = state.get(check.otherAddress ?? "")?.get(check.otherKey ?? "");
        if (value !== other)
          return `${check.address}: Attribute '${check.key}' expected ${JSON.stringify(other)}, got ${JSON.stringify(value)}`;
        break;
      }
    }
  }
  return undefined;
}
