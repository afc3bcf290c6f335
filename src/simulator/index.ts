/**
 * The OpenStack simulator: a terraform provider (plugin protocol 6) serving the real
 * terraform-provider-openstack 3.4.0 schema over a simulated cloud. See docs/simulator.md.
 * This file is the simulator's public API: the rest of the project imports only it (the layer rule
 * in docs/architecture.md), never the simulator's internals.
 */
import { startReattachSimulator } from "./reattach.js";
import { startChildSimulator } from "./reattach-child.js";
import type { RunningSimulator, SimulatorMirror, SimulatorOptions } from "./types.js";
import { createMirror } from "./mirror.js";

export type { RunningSimulator, SimulatorMirror, SimulatorOptions } from "./types.js";
export type { SimulatedCloud } from "./simulated-cloud.js";
export type { CloudResource } from "./cloud-store.js";
export type { CredentialCheck, PresentedCredentials } from "./credential-check.js";
export type {
  FailureRule,
  SimulatorConfig,
  SimulatorConfigInput,
  SimulatorInventory,
  SimulatorQuotas,
} from "./config-types.js";
export { SIM_ENV } from "./config.js";
export { noUsage, type QuotaUsage } from "./quotas.js";
export { DEFAULT_INVENTORY } from "./inventory.js";

/** Fast mode: an unmanaged provider (reattach), in this process or (`child: true`) in a child process. */
export function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  return options.child ? startChildSimulator(options) : startReattachSimulator(options);
}

/** Faithful mode: writes the CLI config + filesystem mirror + launcher under `dir`; returns the env (TF_CLI_CONFIG_FILE...). */
export function createSimulatorMirror(options: SimulatorOptions & { readonly dir: string }): Promise<SimulatorMirror> {
  return createMirror(options);
}
