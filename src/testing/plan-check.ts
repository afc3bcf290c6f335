import { randomUUID } from "node:crypto";
import type { SimulatedCloud } from "../simulator/index.js";
import { runServiceLifecycle, type ServiceLifecycleOptions, type ServiceLifecycleResult } from "./service-lifecycle.js";

/** Options of {@link checkPlanOnSimulator}. */
export interface PlanCheckOptions extends Omit<ServiceLifecycleOptions, "onProvisioned" | "onBound" | "onUnbound"> {
  /** The simulated cloud behind `env` (from `startTestSimulator`). */
  readonly cloud: SimulatedCloud;
  /** Credential keys the service's README documents for this plan; each must be present, not null and not empty. */
  readonly credentialKeys: readonly string[];
  /**
   * Keys that must be present but may be empty: values the simulator does not fill yet (a real cloud
   * does), e.g. a generated secret. Name each in the test with the reason. Default: none.
   */
  readonly presentKeys?: readonly string[];
  /** The instance stack creates cloud resources (false for a stack of lookups and outputs only). Default: true. */
  readonly instanceHasResources?: boolean;
}

/** What the check saw, for further assertions. */
export interface PlanCheckResult extends ServiceLifecycleResult {
  /** `type:id` of the simulated cloud's resources after provision, after bind. */
  readonly instanceResources: readonly string[];
  readonly bindingResources: readonly string[];
}

/**
 * Runs a plan's whole lifecycle against the simulator with real terraform and checks what the
 * issue asks of every plan: the instance stack validates and plans creations; a second plan after
 * apply has no changes; credentials carry the documented keys; unbind removes exactly the
 * binding's resources; deprovision leaves nothing in the simulated cloud. Throws a message that
 * names the plan and the broken rule. Instance and binding ids are random unless given, so plans
 * checked one after the other on one simulator never share resource names.
 */
export async function checkPlanOnSimulator(options: PlanCheckOptions): Promise<PlanCheckResult> {
  const name = `${options.service}/${options.plan}`;
  const fail = (message: string): never => {
    throw new Error(`${name}: ${message}`);
  };
  const resources = async () => (await options.cloud.list()).map((r) => `${r.type}:${r.id}`).sort();
  const before = await resources();
  let instanceResources: string[] = [];
  let bindingResources: string[] = [];
  const result = await runServiceLifecycle({
    instanceId: randomUUID(),
    bindingId: randomUUID(),
    ...options,
    onProvisioned: async () => {
      instanceResources = (await resources()).filter((r) => !before.includes(r));
    },
    onBound: async (credentials) => {
      const missing = options.credentialKeys.filter(
        (key) => credentials[key] === undefined || credentials[key] === null || credentials[key] === "",
      );
      const absent = (options.presentKeys ?? []).filter((key) => !(key in credentials));
      missing.push(...absent);
      if (missing.length > 0)
        fail(`credentials lack ${missing.join(", ")} (have ${Object.keys(credentials).join(", ")})`);
      bindingResources = (await resources()).filter((r) => !before.includes(r) && !instanceResources.includes(r));
    },
    onUnbound: async () => {
      const now = (await resources()).filter((r) => !before.includes(r));
      const left = bindingResources.filter((r) => now.includes(r));
      if (left.length > 0) fail(`unbind left the binding's ${left.join(", ")}`);
      const lost = instanceResources.filter((r) => !now.includes(r));
      if (lost.length > 0) fail(`unbind removed the instance's ${lost.join(", ")}`);
    },
  });
  const expected = options.instanceHasResources ?? true;
  if (expected && !result.instancePlan.some((change) => change.actions.includes("create")))
    fail("the first plan creates nothing");
  if (result.instanceDriftAfterApply)
    fail(`a second plan after apply still has changes: ${result.instanceDrift.join(", ") || "outputs only"}`);
  if (expected && instanceResources.length === 0) fail("provision created nothing in the simulated cloud");
  if (!expected && instanceResources.length > 0) fail(`provision created ${instanceResources.join(", ")}`);
  const after = (await resources()).filter((r) => !before.includes(r));
  if (after.length > 0) fail(`deprovision left ${after.join(", ")}`);
  return { ...result, instanceResources, bindingResources };
}
