import { flagsToEnv, loadConfig } from "../config/load-config.js";
import { startBroker } from "./start-broker.js";
import { serveBanner } from "./serve-banner.js";
import { createLogger } from "../logging/logger.js";
import { onSigterm } from "./graceful-shutdown.js";

/**
 * `openstack-broker serve [--port N] [--state-dir DIR] [--catalog-dir DIR] [--simulate] [--simulator-mode reattach|launched] ...`
 * Flags mirror the environment variables (README, "Configuration").
 * It is never an open broker: with no BROKER_PASSWORD it generates one and prints it once.
 */
export async function serveCommand(args: readonly string[]): Promise<void> {
  const config = loadConfig(process.env, args);
  const logger = createLogger({ level: config.logLevel });
  // The configured store (STATE_STORE...) from the environment and the flags, opened by the runtime.
  const env = { ...process.env, ...flagsToEnv(args) };
  const broker = await startBroker(config, { logger, env });
  process.stdout.write(`${serveBanner(config, broker).join("\n")}\n`);
  const shutdown = (signal: string) => {
    logger.info({ signal }, "stopping: running operations will resume at the next start");
    void broker.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  // SIGTERM (Kubernetes, systemd): drain for SHUTDOWN_GRACE_SECONDS first (src/cli/graceful-shutdown.ts).
  onSigterm(broker, { graceMs: config.shutdownGraceMs ?? 60_000, logger, forceStop: () => shutdown("SIGTERM") });
}
