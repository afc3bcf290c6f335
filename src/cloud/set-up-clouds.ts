import type { Catalog } from "../catalog/catalog.js";
import type { BrokerConfig } from "../config/broker-config.js";
import { ConfigError } from "../config/config-error.js";
import { CloudConfigError } from "./cloud-files.js";
import { createCloudRouting, namedClouds, type CloudRouting } from "./cloud-routing.js";
import { readCloudMappingFile } from "./cloud-routing-mapping.js";
import { createCloudTargets, type CloudTargets } from "./cloud-targets.js";

/**
 * Cloud routing and its terraform side from the configuration. Throws (before anything listens) when
 * DEFAULT_CLOUD / OS_CLOUD, a mapping rule or a plan names a cloud clouds.yaml does not have.
 */
export function setUpClouds(config: BrokerConfig, catalog: Catalog): { routing: CloudRouting; targets: CloudTargets } {
  try {
    return cloudsOf(config, catalog);
  } catch (error) {
    // CloudConfigError names the file and field, never a value: an operator error.
    if (error instanceof CloudConfigError) throw new ConfigError(error.message);
    throw error;
  }
}

function cloudsOf(config: BrokerConfig, catalog: Catalog): { routing: CloudRouting; targets: CloudTargets } {
  const targets = createCloudTargets({
    search: config.cloudFiles ?? {},
    simulate: config.simulate,
    launchedSimulator: config.simulate && config.simulatorMode === "launched",
    defaultCloud: config.defaultCloud,
  });
  const rules = config.cloudMappingFile === undefined ? [] : readCloudMappingFile(config.cloudMappingFile);
  const routing = createCloudRouting({ defaultCloud: targets.defaultCloud, rules });
  const plans = catalog.services.flatMap((service) => service.plans);
  targets.check(
    namedClouds(
      routing,
      plans,
      config.defaultCloud === undefined ? "the only entry of clouds.yaml" : "DEFAULT_CLOUD (or OS_CLOUD)",
    ),
  );
  return { routing, targets };
}
