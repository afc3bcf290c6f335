import type { MaintenanceInfo } from "../domain/service-broker.js";
import type { PlanDefinition, ServiceOffering } from "../domain/service-catalog.js";
import type { ServiceDefinition } from "../synth/service-definition.js";
import { PROVIDER_SOURCES } from "../synth/synthesize.js";
import { CatalogError, type CatalogProblem } from "./catalog-error.js";

/** What an instance's stack is applied with, besides the construct: the terraform in use. */
export interface MaintenanceInputs {
  /** `terraform version -json`'s `terraform_version` (OpenTofu reports it too). */
  readonly terraformVersion: string;
}

/** The construct's own version when neither the construct nor the catalog declares one. */
export const DEFAULT_STACK_VERSION = "1.0.0";

const SEMVER_CORE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** A version as semver build identifiers: `1.11.4` stays, anything outside [0-9A-Za-z-.] becomes `-`. */
const asBuild = (version: string) => version.replace(/[^0-9A-Za-z.-]/g, "-").replace(/\.{2,}/g, ".");

/**
 * A plan's `maintenance_info`, derived from everything that changes what an instance's apply does:
 * - the construct's own version: the catalog plan's `maintenance_info.version` when the operator pins
 *   one, else the ServiceDefinition's `version`, else 1.0.0 (its description: the catalog's, else the
 *   definition's `changes`);
 * - the provider versions the stack's synthesis pins (`required_providers`: OpenStack 3.4.0);
 * - the terraform version in use.
 * The result is semver: the construct's version with the others as build metadata
 * (`1.2.0+terraform.1.11.4.openstack.3.4.0`). MUST stay a pure function of these inputs: every
 * broker and CLI command over the same catalog, stacks and terraform derives the same version, and
 * an instance applied with another one is outdated (`openstack-broker instances --outdated`).
 */
export function deriveMaintenanceInfo(
  plan: PlanDefinition,
  definition: ServiceDefinition | undefined,
  inputs: MaintenanceInputs,
): MaintenanceInfo {
  const stackVersion = plan.maintenance_info?.version ?? definition?.version ?? DEFAULT_STACK_VERSION;
  const core = stackVersion.split("+")[0];
  if (!SEMVER_CORE.test(core))
    throw new Error(`the construct's version ${JSON.stringify(stackVersion)} is not semver (x.y.z)`);
  const providers = [...new Set(definition?.providers ?? [])].sort();
  const build = [
    `terraform.${asBuild(inputs.terraformVersion)}`,
    ...providers.map((name) => `${name}.${asBuild(PROVIDER_SOURCES[name]?.version ?? "unknown")}`),
  ];
  const changes = plan.maintenance_info?.description ?? definition?.changes ?? `stack ${plan.stack} ${core}`;
  const applied = [
    `terraform ${inputs.terraformVersion}`,
    ...providers.map((name) => `${name} provider ${PROVIDER_SOURCES[name]?.version ?? "unknown"}`),
  ];
  return { version: `${core}+${build.join(".")}`, description: `${changes} (applied with ${applied.join(", ")})` };
}

/**
 * The services with every plan's `maintenance_info` derived (see {@link deriveMaintenanceInfo}); a
 * version that is not semver is a CatalogError naming the plan's file.
 */
export function withDerivedMaintenanceInfo(
  services: readonly ServiceOffering[],
  stacks: ReadonlyMap<string, ServiceDefinition>,
  inputs: MaintenanceInputs,
): ServiceOffering[] {
  const problems: CatalogProblem[] = [];
  const derive = (plan: PlanDefinition) => {
    try {
      return deriveMaintenanceInfo(plan, stacks.get(plan.stack), inputs);
    } catch (error) {
      problems.push({
        file: plan.source,
        path: `plan ${plan.name}: maintenance_info.version`,
        message: (error as Error).message,
      });
      return undefined;
    }
  };
  const out = services.map((service) => ({
    ...service,
    plans: service.plans.map((plan) => ({ ...plan, maintenance_info: derive(plan) })),
  }));
  if (problems.length > 0) throw new CatalogError(problems);
  return out;
}
