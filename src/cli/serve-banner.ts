import type { BrokerConfig } from "../config/broker-config.js";
import { simulationReason } from "../runtime/simulation.js";
import type { RunningBroker } from "./start-broker.js";

/** What the start-up lines need of the running broker. */
export type BannerBroker = Pick<RunningBroker, "port" | "catalog" | "records" | "simulated">;

/**
 * The lines `serve` prints once it listens: the URL, the catalog, the store, terraform and what it
 * runs against (the simulator and why: SIMULATE=true or no cloud configured), the credentials.
 * MUST print a password only when it was generated for this start.
 */
export function serveBanner(config: BrokerConfig, broker: BannerBroker): string[] {
  const services = broker.catalog.services;
  const plans = services.reduce((n, s) => n + s.plans.length, 0);
  const simulator = broker.simulated ? ` against the built-in OpenStack simulator (${simulationReason(config)})` : "";
  return [
    `openstack-broker listening on http://${config.host}:${broker.port} (OSB API 2.13-2.17)`,
    `  catalog:   ${services.length} services, ${plans} plans from ${config.catalogDir}`,
    `  state:     ${broker.records.store.description}`,
    `  terraform: ${config.terraformBin}${simulator}`,
    `  username:  ${config.username}`,
    config.passwordGenerated
      ? `  password:  ${config.password}   (generated for this start; set BROKER_PASSWORD to choose one)`
      : "  password:  from BROKER_PASSWORD",
  ];
}
