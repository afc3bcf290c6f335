import { keys } from "../../src/state/keys.js";
import { decodeJson, type StateStore } from "../../src/state/state-store.js";

/** A resource terraform still has in a state the broker keeps: it exists on the cloud (or did at the last run). */
export interface Leftover {
  readonly instanceId: string;
  readonly bindingId?: string;
  /** terraform's address, e.g. `openstack_db_instance_v1.db`. */
  readonly address: string;
  /** The resource's `id` (never another attribute: the others may be secrets). */
  readonly id: string;
}

interface TfState {
  readonly resources?: readonly {
    readonly mode?: string;
    readonly module?: string;
    readonly type: string;
    readonly name: string;
    readonly instances?: readonly {
      readonly index_key?: string | number;
      readonly attributes?: { readonly id?: unknown };
    }[];
  }[];
}

/** The managed resources of one terraform state (JSON v4), with their ids. */
export function stateResources(state: TfState, where: { instanceId: string; bindingId?: string }): Leftover[] {
  const out: Leftover[] = [];
  for (const resource of state.resources ?? []) {
    if (resource.mode !== undefined && resource.mode !== "managed") continue;
    for (const instance of resource.instances ?? []) {
      const index = instance.index_key === undefined ? "" : `[${JSON.stringify(instance.index_key)}]`;
      const address = `${resource.module ? `${resource.module}.` : ""}${resource.type}.${resource.name}${index}`;
      const id = instance.attributes?.id;
      out.push({ ...where, address, id: typeof id === "string" && id !== "" ? id : "(no id)" });
    }
  }
  return out;
}

/**
 * What the broker's terraform states of an instance and its bindings still hold. Empty after a
 * successful deprovision (the broker removes the states). A state that cannot be read is reported
 * as one leftover saying so: it may hide resources.
 */
export async function listLeftovers(store: StateStore, instanceId: string): Promise<Leftover[]> {
  const prefix = keys.instancePrefix(instanceId);
  const stateKeys = (await store.list(prefix)).filter(
    (key) => key === keys.tfstate({ instanceId }) || /^bindings\/[^/]+\/tfstate$/.test(key.slice(prefix.length)),
  );
  const out: Leftover[] = [];
  for (const key of stateKeys) {
    const bindingId = /^bindings\/([^/]+)\//.exec(key.slice(prefix.length))?.[1];
    const where = { instanceId, ...(bindingId === undefined ? {} : { bindingId }) };
    const bytes = await store.get(key);
    if (bytes === undefined) continue;
    try {
      out.push(...stateResources(decodeJson<TfState>(bytes), where));
    } catch {
      out.push({ ...where, address: `(unreadable state ${key})`, id: "(unknown)" });
    }
  }
  return out;
}
