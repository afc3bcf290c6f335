import { readFileSync, statSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { behaviourOf } from "./behaviours/index.js";
import { createCloudStore, type CloudResource, type CloudStore } from "./cloud-store.js";
import { mergeConfig } from "./config.js";
import type {
  FailureRule,
  ServiceRulesInput,
  SimulatorConfig,
  SimulatorConfigInput,
  SimulatorQuotas,
} from "./config-types.js";
import { addUsage, noUsage, type QuotaUsage } from "./quotas.js";
import { checkCredentials, type CredentialCheck, type PresentedCredentials } from "./credential-check.js";
import type { TfObject } from "./msgpack-values.js";

/** Inspect and steer the simulated cloud (shared by every provider process using the same state dir). */
export interface SimulatedCloud {
  readonly stateDir: string;
  readonly store: CloudStore;
  /** The effective configuration: file and env vars, then runtime settings made through this API. */
  config(): Promise<SimulatorConfig>;
  /** Resources that exist, optionally of one type. */
  list(type?: string): Promise<CloudResource[]>;
  get(type: string, id: string): Promise<CloudResource | undefined>;
  /** Deletes a resource behind terraform's back: the next refresh shows it gone (drift). */
  deleteOutOfBand(type: string, id: string): Promise<boolean>;
  /** Makes a resource type's create/update/delete fail with an API error. */
  injectFailure(rule: FailureRule): Promise<void>;
  /** Removes failures injected at runtime. */
  clearFailures(): Promise<void>;
  /** Changes quota limits (-1 = unlimited). */
  setQuotas(quotas: Partial<SimulatorQuotas>): Promise<void>;
  /** Changes the services' rules (docs/simulator.md "Service rules"), e.g. the broker's auth type. */
  setServiceRules(rules: ServiceRulesInput): Promise<void>;
  /** Sets the latency of every create/update/delete, or of one resource type. */
  setLatency(ms: number, resourceType?: string): Promise<void>;
  /** Current quota consumption. */
  usage(): Promise<QuotaUsage>;
  /**
   * What one resource of `type` with these attributes consumes of the project's quotas, by the
   * simulator's own rules under the effective configuration (nothing for a type without quota).
   */
  quotaOf(type: string, attributes: Readonly<Record<string, unknown>>): Promise<Partial<QuotaUsage>>;
  /**
   * Logs in with a binding's credentials as its application would (credential-check.ts): Keystone
   * refuses an expired application credential with 401. `now` defaults to the clock.
   */
  authenticate(credentials: PresentedCredentials, now?: number): Promise<CredentialCheck>;
}

/** Options of {@link createSimulatedCloud}. */
export interface SimulatedCloudOptions {
  readonly stateDir: string;
  /** Configuration from file and env vars (runtime settings are layered over it). */
  readonly baseConfig: SimulatorConfig;
}

type Settings = SimulatorConfigInput & { failures?: FailureRule[] };

/** Creates the cloud handle over `stateDir` (resources/, counters.json, settings.json). */
export function createSimulatedCloud(options: SimulatedCloudOptions): SimulatedCloud {
  const { stateDir, baseConfig } = options;
  const store = createCloudStore({ dir: stateDir });
  const settingsFile = join(stateDir, "settings.json");

  // settings.json is re-read only when it changed (another process may write it at any time).
  let cached: { stamp: string; settings: Settings } | undefined;
  async function readSettings(): Promise<Settings> {
    try {
      const info = statSync(settingsFile);
      const stamp = `${info.mtimeMs}:${info.size}:${info.ino}`;
      if (cached?.stamp !== stamp)
        cached = { stamp, settings: JSON.parse(readFileSync(settingsFile, "utf8")) as Settings };
      return cached.settings;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw error;
    }
  }

  async function updateSettings(change: (settings: Settings) => Settings): Promise<void> {
    await store.withLock(async () => {
      await mkdir(stateDir, { recursive: true });
      const next = change(await readSettings());
      const tmp = `${settingsFile}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(next, null, 2));
      await rename(tmp, settingsFile);
    });
  }

  async function config(): Promise<SimulatorConfig> {
    const settings = await readSettings();
    const merged = mergeConfig(baseConfig, { ...settings, failures: undefined });
    return { ...merged, failures: [...baseConfig.failures, ...(settings.failures ?? [])] };
  }

  return {
    stateDir,
    store,
    config,
    list: (type) => store.list(type),
    get: (type, id) => store.get(type, id),
    deleteOutOfBand: (type, id) => store.withLock(() => store.delete(type, id)),
    injectFailure: (rule) => updateSettings((s) => ({ ...s, failures: [...(s.failures ?? []), rule] })),
    clearFailures: () => updateSettings((s) => ({ ...s, failures: [] })),
    setQuotas: (quotas) => updateSettings((s) => ({ ...s, quotas: { ...(s.quotas ?? {}), ...quotas } })),
    setServiceRules: (rules) =>
      updateSettings((s) => {
        const current = s.services ?? {};
        const merged: Record<string, unknown> = { ...current };
        for (const [service, values] of Object.entries(rules))
          merged[service] = { ...((current as Record<string, object>)[service] ?? {}), ...values };
        return { ...s, services: merged as ServiceRulesInput };
      }),
    setLatency: (ms, resourceType) =>
      updateSettings((s) => {
        const current = typeof s.latencyMs === "object" ? s.latencyMs : { default: s.latencyMs };
        return resourceType
          ? { ...s, latencyMs: { ...current, byType: { ...(current.byType ?? {}), [resourceType]: ms } } }
          : { ...s, latencyMs: { ...current, default: ms } };
      }),
    async usage() {
      const effective = await config();
      const used = noUsage();
      for (const resource of await store.list())
        addUsage(used, behaviourOf(resource.type).quota?.(resource.state, effective) ?? {});
      return used;
    },
    async quotaOf(type, attributes) {
      return behaviourOf(type).quota?.(attributes as TfObject, await config()) ?? {};
    },
    authenticate: (credentials, now) => checkCredentials(store, credentials, now),
  };
}
