import type { Catalog } from "../catalog/catalog.js";
import type { PlanDefinition } from "../domain/service-catalog.js";
import type { PlanTarget } from "../broker/dry-run/plan-report.js";
import type { BrokerConfig } from "../config/broker-config.js";
import { simulationReason } from "./simulation.js";

/** Options of {@link previewTargetOf}. */
export interface PreviewTargetOptions {
  readonly config: BrokerConfig;
  readonly catalog: Catalog;
  /** `plan --cloud`. */
  readonly cloud?: string;
  /**
   * The CLI's dry-run names the cloud (`--cloud`, else OS_CLOUD, from this environment); `serve`
   * (the HTTP preview) says "the broker's configured OpenStack cloud".
   */
  readonly nameCloud?: { readonly env: Readonly<Record<string, string | undefined>> };
}

/** What a preview's terraform plans against, as every report says it (docs/cli.md, `target`). */
export function previewTargetOf(options: PreviewTargetOptions): (plan: PlanDefinition) => PlanTarget {
  const { config, catalog } = options;
  return (plan) => {
    if (catalog.stackFor(plan).providers?.includes("openstack") !== true)
      return { kind: "none", description: "terraform built-ins only (no cloud needed)" };
    if (options.cloud === undefined && config.simulate) {
      return { kind: "simulator", description: `the built-in OpenStack simulator (${simulationReason(config)})` };
    }
    if (options.nameCloud === undefined)
      return { kind: "cloud", description: "the broker's configured OpenStack cloud" };
    return {
      kind: "cloud",
      description: `the OpenStack cloud ${JSON.stringify(options.cloud ?? options.nameCloud.env.OS_CLOUD ?? "from OS_CLIENT_CONFIG_FILE")}`,
    };
  };
}
