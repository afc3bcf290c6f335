import { applyReadBack } from "./behaviours/read-back.js";
import { behaviourOf } from "./behaviours/index.js";
import type { ApplyContext, CheckContext } from "./behaviours/types.js";
import { conformToBlock, isObject, markComputedUnknown, valuesEqual } from "./block-values.js";
import { apiErrorMessage, injectedFailureMessage, SimulatedApiError } from "./api-errors.js";
import { fillRemaining } from "./generic-fill.js";
import { newUuid } from "./ids.js";
import { isUnknown, UNKNOWN, type TfObject, type TfValue } from "./msgpack-values.js";
import { addUsage, checkQuota, noUsage } from "./quotas.js";
import type { SchemaBlock } from "./schema-types.js";
import type { SimulatedCloud } from "./simulated-cloud.js";
import { createAddressing } from "./addressing.js";
import { redactSensitive, restoreSensitive, secretVerifiers } from "./sensitive-values.js";
import type { TypeRules } from "../provider-rules/types.js";
import type { AttributePath } from "./rules/attribute-path.js";
import { planValues, requiresReplace } from "./rules/rule-planning.js";
import { brokerAuthType, type ProviderSession } from "./provider-session.js";

export { SimulatedApiError };

/** A planned change. */
export interface PlannedChange {
  readonly planned: TfValue;
  /** Attribute paths whose change forces replacement (from the provider rules table). */
  readonly requiresReplace: readonly AttributePath[];
}

/** Options of {@link createResourceEngine}. */
export interface ResourceEngineOptions {
  readonly cloud: SimulatedCloud;
  /** Schema block of a resource type (undefined for an unknown type). */
  readonly blockOf: (type: string) => SchemaBlock | undefined;
  /** The provider rules of a resource type (none: nothing is defaulted or replaced). */
  readonly rulesOf?: (type: string) => TypeRules | undefined;
  /** What ConfigureProvider resolved (the broker's auth method); default: nothing. */
  readonly session?: ProviderSession;
}

const sleep = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());
const withoutUnknowns = (value: TfObject) =>
  JSON.parse(JSON.stringify(value, (_k, v) => (isUnknown(v) ? null : v))) as TfObject;
const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

/** Plans, applies, reads and imports managed resources against the simulated cloud. */
export function createResourceEngine(options: ResourceEngineOptions) {
  const { cloud, blockOf, session } = options;
  const { store } = cloud;
  const addressing = createAddressing(cloud);

  function requireBlock(type: string): SchemaBlock {
    const block = blockOf(type);
    if (!block) throw new SimulatedApiError(`The OpenStack provider has no resource type ${type}`);
    return block;
  }

  async function failIfInjected(type: string, operation: "create" | "update" | "delete"): Promise<void> {
    const config = await cloud.config();
    await sleep(config.latencyMs.byType[type] ?? config.latencyMs.default);
    for (const rule of config.failures) {
      if ((rule.resourceType !== type && rule.resourceType !== "*") || rule.operation !== operation) continue;
      if (rule.times !== undefined) {
        const count = await store.withLock(() => store.nextCounter(`failure:${JSON.stringify(rule)}`));
        if (count > rule.times) continue;
      }
      throw new SimulatedApiError(injectedFailureMessage(type, operation, rule.message));
    }
  }

  /** Runs the behaviour's service-side rules (they throw the provider's error). */
  async function check(
    type: string,
    operation: CheckContext["operation"],
    state: TfObject,
    prior?: TfObject,
  ): Promise<void> {
    const rule = behaviourOf(type).check;
    if (!rule) return;
    const config = await cloud.config();
    await rule(state, {
      type,
      operation,
      config,
      store,
      authType: brokerAuthType(config, session),
      prior,
      scope: session?.scope,
    });
  }

  async function fill(
    type: string,
    block: SchemaBlock,
    state: TfObject,
    id: string,
    prior?: TfObject,
  ): Promise<TfObject> {
    const config = await cloud.config();
    const now = nowIso();
    const context: ApplyContext = {
      type,
      config,
      store,
      id,
      now,
      prior,
      scope: session?.scope,
      uuid: newUuid,
      allocateIp: addressing.allocateIp,
      cidrOf: addressing.cidrOf,
      async requireSubnet(networkId) {
        if (await addressing.isNetworkWithoutSubnet(networkId)) {
          throw new SimulatedApiError(
            apiErrorMessage(type, "create", 400, {
              badRequest: {
                code: 400,
                message: `Network ${networkId} requires a subnet in order to boot instances on.`,
              },
            }),
          );
        }
      },
    };
    const working = { ...state };
    if (isUnknown(working.id) || working.id === undefined) working.id = id;
    await behaviourOf(type).fill?.(working, context);
    applyReadBack(type, working);
    return fillRemaining(block, working, { config, id, now, idFor: () => newUuid() });
  }

  /** What the service receives where the state stores a StateFunc's result instead (see CloudResource.received). */
  function receivedOf(type: string, config: TfValue | undefined): { received?: TfObject } {
    const rules = options.rulesOf?.(type);
    if (!rules || !isObject(config)) return {};
    const received: TfObject = {};
    for (const [name, attribute] of Object.entries(rules.attributes)) {
      if (attribute.stateFunc && config[name] !== undefined && config[name] !== null && !isUnknown(config[name]))
        received[name] = config[name];
    }
    return Object.keys(received).length > 0 ? { received } : {};
  }

  async function create(
    type: string,
    block: SchemaBlock,
    planned: TfObject,
    sent: { received?: TfObject },
  ): Promise<TfObject> {
    await failIfInjected(type, "create");
    await check(type, "create", planned);
    const behaviour = behaviourOf(type);
    const known = typeof planned.id === "string" && planned.id !== "" ? planned.id : undefined;
    const id = known ?? behaviour.id?.(planned) ?? newUuid();
    // Quota-consuming types reserve under the lock: parallel applies see each other's usage.
    const quota = behaviour.quota;
    if (quota) {
      await store.withLock(async () => {
        const config = await cloud.config();
        const used = noUsage();
        for (const resource of await store.list())
          addUsage(used, behaviourOf(resource.type).quota?.(resource.state, config) ?? {});
        const message = checkQuota(type, config, used, quota(planned, config));
        if (message) throw new SimulatedApiError(message);
        await store.put({
          type,
          id,
          state: redactSensitive(block, { ...withoutUnknowns(planned), id }),
          createdAt: nowIso(),
        });
      });
    }
    try {
      const state = await fill(type, block, planned, id);
      await store.put({
        type,
        id,
        state: redactSensitive(block, state),
        createdAt: nowIso(),
        ...sent,
        ...secretVerifiers(block, state),
      });
      return state;
    } catch (error) {
      // A failed create the cloud still holds (terraform does not): it stays, as planned.
      if (error instanceof SimulatedApiError && error.leavesResource) {
        await store.put({
          type,
          id,
          state: redactSensitive(block, { ...withoutUnknowns(planned), id }),
          createdAt: nowIso(),
        });
      } else await store.delete(type, id);
      throw error;
    }
  }

  return {
    /**
     * PlanResourceChange: the provider rules' defaults, StateFuncs and suppressed diffs; unknown
     * computed values on create; the rules' RequiresReplace paths on update.
     */
    plan(type: string, prior: TfValue, proposed: TfValue, config?: TfValue): PlannedChange {
      if (proposed === null) return { planned: null, requiresReplace: [] };
      const block = requireBlock(type);
      const behaviour = behaviourOf(type);
      const rules = options.rulesOf?.(type);
      const priorObject = isObject(prior) ? conformToBlock(block, prior) : null;
      const conformed = conformToBlock(block, proposed);
      const proposedObject = rules
        ? planValues({
            rules,
            prior: priorObject,
            proposed: conformed,
            config: config ?? proposed,
            ownComputedBlocks: behaviour.computedBlocks,
          })
        : conformed;
      if (!isObject(prior)) {
        const planned = markComputedUnknown(block, proposedObject);
        for (const name of behaviour.computedBlocks ?? []) {
          if (Array.isArray(planned[name]) && (planned[name] as TfValue[]).length === 0) planned[name] = UNKNOWN;
        }
        return { planned, requiresReplace: [] };
      }
      const planned: TfObject = { ...proposedObject };
      // A configuration change makes the cloud recompute its computed blocks (e.g. Heat outputs).
      const configChanged = Object.entries(block.attributes ?? {}).some(
        ([name, attribute]) => !attribute.computed && !valuesEqual(prior[name], planned[name]),
      );
      for (const name of behaviour.computedBlocks ?? []) {
        if (Array.isArray(planned[name]) && (planned[name] as TfValue[]).length === 0)
          planned[name] = configChanged ? UNKNOWN : (prior[name] ?? []);
      }
      return { planned, requiresReplace: rules ? requiresReplace(rules, priorObject, planned) : [] };
    },

    /** ApplyResourceChange: create, update or delete in the simulated cloud (`config`: the request's configuration). */
    async apply(type: string, prior: TfValue, planned: TfValue, config?: TfValue): Promise<TfValue> {
      if (planned === null) {
        if (!isObject(prior)) return null;
        await failIfInjected(type, "delete");
        await check(type, "delete", prior, prior);
        await store.withLock(async () => {
          await store.delete(type, String(prior.id));
          await behaviourOf(type).afterDelete?.(prior, store);
        });
        return null;
      }
      const block = requireBlock(type);
      const plannedObject = conformToBlock(block, planned);
      if (!isObject(prior)) return create(type, block, plannedObject, receivedOf(type, config));
      await failIfInjected(type, "update");
      await check(type, "update", plannedObject, prior);
      const id = String(prior.id);
      const state = await fill(type, block, plannedObject, id, prior);
      const existing = await store.get(type, id);
      const received = config === undefined ? existing?.received : receivedOf(type, config).received;
      await store.put({
        type,
        id,
        state: redactSensitive(block, state),
        createdAt: existing?.createdAt ?? nowIso(),
        ...(received ? { received } : {}),
        ...secretVerifiers(block, state),
      });
      return state;
    },

    /** ReadResource: the stored object, or null when it no longer exists (drift). */
    async read(type: string, current: TfValue): Promise<TfValue> {
      if (!isObject(current) || typeof current.id !== "string") return current;
      await check(type, "read", current, current);
      const found = await store.get(type, current.id);
      if (!found) return null;
      const block = blockOf(type);
      return block ? restoreSensitive(block, conformToBlock(block, found.state), current) : found.state;
    },

    /** ImportResourceState: the stored object with this id. */
    async importState(type: string, id: string): Promise<TfObject> {
      const block = requireBlock(type);
      const found = await store.get(type, id);
      if (!found) throw new SimulatedApiError(`Cannot import non-existent remote object: no ${type} with id ${id}`);
      return conformToBlock(block, found.state);
    },

    /** UpgradeResourceState: stored JSON state shaped to the current schema. */
    upgrade(type: string, raw: TfValue): TfObject {
      return conformToBlock(requireBlock(type), raw);
    },
  };
}
