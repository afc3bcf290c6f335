import type { BrokerConfig } from "../config/broker-config.js";
import { ConfigError } from "../config/config-error.js";
import { CloudConfigError } from "../cloud/cloud-files.js";
import { chooseSimulation } from "../cloud/simulation-choice.js";
import type { Logger } from "../logging/logger.js";

/**
 * The configuration with `simulate` decided (cloud/simulation-choice.ts): a clouds.yaml found by the
 * loader's search means a cloud, never the simulator; no cloud at all means the simulator with a
 * warn-level line on every start, or a start-up error under SIMULATE=false. A configuration built
 * by hand (no `simulateSetting`) is taken as it is.
 * @throws ConfigError naming the file and its entries, or what is missing.
 */
export function resolveSimulation(
  config: BrokerConfig,
  logger: Logger,
  env: Readonly<Record<string, string | undefined>>,
  /** Whether the catalog has OpenStack stacks (several clouds.yaml entries need a name only then). */
  openstack = true,
): BrokerConfig {
  if (config.simulateSetting === undefined) return config;
  let choice: ReturnType<typeof chooseSimulation>;
  try {
    choice = chooseSimulation({
      setting: config.simulateSetting,
      search: config.cloudFiles ?? {},
      defaultCloud: config.defaultCloud,
      env,
      openstack,
    });
  } catch (error) {
    if (error instanceof CloudConfigError) throw new ConfigError(error.message);
    throw error;
  }
  if (choice.simulate && choice.reason === "no cloud configured")
    logger.warn(
      "no OpenStack cloud configured (no clouds.yaml, OS_CLOUD or OS_AUTH_URL): OpenStack services run against the built-in simulator and hand out simulated credentials; set SIMULATE=true to say so, or configure a cloud",
    );
  return { ...config, simulate: choice.simulate };
}

/**
 * Why (and how) OpenStack stacks run against the simulator, as the `serve` start-up line and every
 * preview's target say it: `forced by SIMULATE=true` even when a cloud is configured, `no cloud
 * configured` when SIMULATE is unset and nothing was found; `launched by terraform` under
 * SIMULATOR_MODE=launched. Only meaningful when the simulator runs.
 */
export function simulationReason(config: Pick<BrokerConfig, "simulateSetting" | "simulatorMode">): string {
  const why =
    config.simulateSetting === "on"
      ? "forced by SIMULATE=true"
      : config.simulateSetting === undefined
        ? "simulate: true in the configuration"
        : "no cloud configured";
  return config.simulatorMode === "launched" ? `${why}; launched by terraform, SIMULATOR_MODE=launched` : why;
}
