import { flagsToEnv, loadConfig } from "../config/load-config.js";
import { startBroker } from "./start-broker.js";
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
  const services = broker.catalog.services;
  const plans = services.reduce((n, s) => n + s.plans.length, 0);
  const lines = [
    `openstack-broker listening on http://${config.host}:${broker.port} (OSB API 2.13-2.17)`,
    `  catalog:   ${services.length} services, ${plans} plans from ${config.catalogDir}`,
    `  state:     ${broker.records.store.description}`,
    `  terraform: ${config.terraformBin}${broker.simulated ? ` against the built-in OpenStack simulator (${broker.simulatorMode === "launched" ? "launched by terraform, SIMULATOR_MODE=launched" : "no cloud configured"})` : ""}`,
    `  username:  ${config.username}`,
    config.passwordGenerated
      ? `  password:  ${config.password}   (generated for this start; set BROKER_PASSWORD to choose one)`
      : "  password:  from BROKER_PASSWORD",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const shutdown = (signal: string) => {
    logger.info({ signal }, "stopping: running operations will resume at the next start");
    void broker.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  // SIGTERM (Kubernetes, systemd): drain for SHUTDOWN_GRACE_SECONDS first (src/cli/graceful-shutdown.ts).
  onSigterm(broker, { graceMs: config.shutdownGraceMs ?? 60_000, logger, forceStop: () => shutdown("SIGTERM") });
}
