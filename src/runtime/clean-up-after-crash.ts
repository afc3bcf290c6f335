import type { BrokerConfig } from "../config/broker-config.js";
import type { Logger } from "../logging/logger.js";
import { removeLeftoverTemps } from "../state/file-store-temps.js";
import type { Records } from "../state/records.js";
import { removeFinishedLeases } from "../worker/leftover-leases.js";

/** What {@link cleanUpAfterCrash} works on. */
export interface CleanUpAfterCrashOptions {
  readonly config: BrokerConfig;
  /** STATE_STORE: the file store's temp files are looked for only when it is `file` (the default). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly records: Records;
  readonly logger: Logger;
}

/**
 * The start-up step of `serve` that removes what a killed broker process left in the store, before
 * operations are resumed: the file store's temp files of dead writers (file-store-temps.ts: they can
 * hold a plaintext copy of a state) and the leases of finished operations (worker/leftover-leases.ts).
 * The terraform processes it left are ended earlier, with the work directory (terraform-side.ts).
 */
export async function cleanUpAfterCrash(options: CleanUpAfterCrashOptions): Promise<void> {
  const { config, env, records, logger } = options;
  const temps = (env.STATE_STORE ?? "file") === "file" ? await removeLeftoverTemps(config.stateDir) : 0;
  const leases = await removeFinishedLeases(records, undefined, { ownBrokerId: config.brokerId });
  if (temps > 0 || leases.length > 0)
    logger.info({ temps, leases: leases.length }, "removed leftovers of an earlier broker process");
}
