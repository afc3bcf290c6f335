import type { Catalog } from "../../catalog/catalog.js";
import { keys } from "../../state/keys.js";
import type { Records } from "../../state/records.js";
import type { StateStore } from "../../state/state-store.js";
import type { BrokerConfig } from "../../config/broker-config.js";
import { createDryRun, type DryRun } from "../../broker/dry-run/dry-run.js";
import { createRuntime } from "../../runtime/create-runtime.js";
import { createQuotaWarnings } from "./quota-warnings.js";

/** Options of {@link openPlanSession}. */
export interface PlanSessionOptions {
  readonly config: BrokerConfig;
  /** Plan against this cloud of clouds.yaml (`--cloud`) instead of the simulator or OS_CLOUD. */
  readonly cloud?: string;
  /** Environment the decision "which cloud" reads (OS_CLOUD). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Everything a dry-run needs, read-only over the broker's store. MUST be closed. */
export interface PlanSession {
  readonly catalog: Catalog;
  readonly records: Records;
  /** The store as opened (read-only view). */
  readonly store: StateStore;
  readonly dryRun: DryRun;
  close(): Promise<void>;
}

/**
 * Opens the dry-run's environment like `serve` would (the same runtime, src/runtime), minus
 * everything that writes: the catalog and stacks and the state store WRAPPED READ-ONLY (a missing
 * state directory is not created: it has no instances). Only once a request is valid (the first
 * preview) does the runtime start terraform's http state backend over that read-only store on
 * 127.0.0.1 (a random port), the simulator when the stack needs OpenStack and no cloud is
 * configured, and a private working directory — so a bad request creates nothing anywhere. The
 * plan goes through the same preview pool as the broker's (PREVIEW_TIMEOUT_SECONDS). Everything is
 * removed on close.
 */
export async function openPlanSession(options: PlanSessionOptions): Promise<PlanSession> {
  const runtime = createRuntime(options.config, { readOnly: true, env: options.env, cloud: options.cloud });
  try {
    await runtime.checkTerraform();
    const catalog = await runtime.catalog();
    const records = await runtime.records();
    const { routing } = await runtime.clouds();
    const dryRun = createDryRun({
      catalog,
      records,
      previewer: runtime.previewer,
      clouds: options.cloud === undefined ? routing : undefined,
      target: await runtime.previewTarget(),
      warnings: async (changes, resolved) => {
        const { simulator } = await runtime.terraform();
        if (simulator === undefined) return [];
        return createQuotaWarnings({
          cloud: simulator.cloud,
          readState: (id) => records.store.get(keys.tfstate({ instanceId: id })),
        })(changes, resolved);
      },
    });
    return { catalog, records, store: records.store, dryRun, close: () => runtime.close() };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
