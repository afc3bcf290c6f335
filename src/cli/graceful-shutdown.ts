import type { Logger } from "../logging/logger.js";
import type { RunningBroker } from "./start-broker.js";

/** Options of {@link onSigterm}. */
export interface SigtermOptions {
  /** SHUTDOWN_GRACE_SECONDS, in ms. */
  readonly graceMs: number;
  readonly logger: Logger;
  /** What a second SIGTERM does: stop at once (running operations resume at the next start). */
  readonly forceStop: () => void;
}

/**
 * SIGTERM drains the broker ({@link RunningBroker.shutdown}) and exits 0; a second SIGTERM stops at
 * once. MUST exit 0 after a drain: the operations interrupted at its end resume at the next start.
 */
export function onSigterm(broker: RunningBroker, options: SigtermOptions): void {
  process.once("SIGTERM", () => {
    options.logger.info({ signal: "SIGTERM", graceSeconds: options.graceMs / 1000 }, "shutting down gracefully");
    process.once("SIGTERM", options.forceStop);
    broker.shutdown(options.graceMs).then(
      () => process.exit(0),
      (error: unknown) => {
        options.logger.error({ err: error }, "graceful shutdown failed");
        process.exit(1);
      },
    );
  });
}
