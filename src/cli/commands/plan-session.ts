import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { loadCatalog } from "../../catalog/load-catalog.js";
import type { Catalog } from "../../catalog/catalog.js";
import type { PlanDefinition } from "../../domain/service-catalog.js";
import { createStateBackend } from "../../http/state-backend.js";
import { createRunCredentialIssuer } from "../../http/state-backend-credentials.js";
import { keys } from "../../state/keys.js";
import { createRecords, type Records } from "../../state/records.js";
import type { StateStore } from "../../state/state-store.js";
import { checkTerraform } from "../../terraform/check.js";
import { createTerraformRunner } from "../../terraform/runner.js";
import { createPreviewer, type Previewer } from "../../worker/preview.js";
import { createStackRunner } from "../../worker/stack-run.js";
import { startBrokerSimulator, type BrokerSimulator } from "../broker-simulator.js";
import type { BrokerConfig } from "../../config/broker-config.js";
import { ConfigError } from "../../config/config-error.js";
import { createDryRun, type DryRun } from "../../broker/dry-run/dry-run.js";
import { createQuotaWarnings } from "./quota-warnings.js";
import { openStoreReadOnly } from "../open-store.js";
import { setUpClouds } from "../../cloud/set-up-clouds.js";

/** Options of {@link openPlanSession}. */
export interface PlanSessionOptions {
  readonly config: BrokerConfig;
  /** Plan against this cloud of clouds.yaml (`--cloud`) instead of the simulator or OS_CLOUD. */
  readonly cloud?: string;
  /** Environment the decision "which cloud" reads (OS_CLOUD). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Everything a dry-run needs, read-only over the broker's store. MUST be closed. */
export interface PlanSession {
  readonly catalog: Catalog;
  readonly records: Records;
  /** The store as opened (read-only view). */
  readonly store: StateStore;
  readonly dryRun: DryRun;
  close(): Promise<void>;
}

/** What a terraform plan needs: started on the first preview, after the request was validated. */
interface Started {
  readonly previewer: Previewer;
  readonly simulator?: BrokerSimulator;
}

/**
 * Opens the dry-run's environment like `serve` would, minus everything that writes: the catalog and
 * stacks and the state store WRAPPED READ-ONLY (a missing state directory is not created: it has no
 * instances). Only once a request is valid (the first preview) does it start terraform's http state
 * backend over that read-only store on 127.0.0.1 (a random port), the simulator when the stack needs
 * OpenStack and no cloud is configured, and a private working directory — so a bad request creates
 * nothing anywhere. Everything is removed on close.
 */
export async function openPlanSession(options: PlanSessionOptions): Promise<PlanSession> {
  const { config } = options;
  await checkTerraform(config.terraformBin).catch((error: Error) => {
    throw new ConfigError(`terraform is not usable (TERRAFORM_BIN=${config.terraformBin}): ${error.message}`);
  });
  const catalog = await loadCatalog({ catalogDir: config.catalogDir, stacksDir: config.stacksDir });
  const store = await openStoreReadOnly(config, options.env);
  const records = createRecords(store);
  const needsOpenStack = (plan: PlanDefinition) => catalog.stackFor(plan).providers?.includes("openstack") === true;
  const cleanups: (() => Promise<unknown>)[] = [];
  const routed = setUpClouds(config, catalog);

  async function start(openstack: boolean): Promise<Started> {
    const workDir = await mkdtemp(join(tmpdir(), "openstack-broker-plan-"));
    cleanups.push(() => rm(workDir, { recursive: true, force: true }));
    // The same SIMULATOR_MODE as `serve`; a launched simulator's mirror in this session's own folder.
    const simulator: BrokerSimulator | undefined =
      openstack && options.cloud === undefined && config.simulate
        ? await startBrokerSimulator({ stateDir: config.simulatorDir, mode: config.simulatorMode, mirrorDir: join(workDir, ".simulator-mirror") })
        : undefined;
    if (simulator) cleanups.push(() => simulator.stop());
    const credentials = createRunCredentialIssuer();
    const server = serve({ fetch: createStateBackend({ store, credentials }).fetch, port: 0, hostname: "127.0.0.1" });
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    await new Promise<void>((resolve, reject) => (server.listening ? resolve() : server.once("listening", resolve).once("error", reject)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const stacks = createStackRunner({
      runner: createTerraformRunner({ bin: config.terraformBin, pluginCacheDir: config.pluginCacheDir, killGraceMs: config.killGraceMs }),
      workDir,
      stateBackendUrl: () => url,
      credentials,
      readState: (ref) => store.get(keys.tfstate(ref)),
      providerEnv: () => simulator?.env ?? {},
    });
    // Without --cloud, an existing instance plans on its recorded cloud and a new one where the broker
    // would route it (docs/clouds.md); --cloud overrides both, given to terraform like any routed cloud.
    const cloud = options.cloud;
    const clouds = cloud === undefined
      ? { records, targets: routed.targets }
      : { records: { getInstance: async () => undefined }, targets: { forCloud: () => routed.targets.forCloud(cloud) } };
    return { previewer: createPreviewer({ catalog, stacks, timeoutMs: config.operationTimeoutMs, clouds }), simulator };
  }
  // One dry-run per session: started once, for the first request's stack.
  let started: Promise<Started> | undefined;
  const ensure = (plan: PlanDefinition) => (started ??= start(needsOpenStack(plan)));
  const previewer: Previewer = {
    previewInstance: async (request) => (await ensure(request.plan)).previewer.previewInstance(request),
    previewBinding: async (request) => (await ensure(request.plan)).previewer.previewBinding(request),
  };
  const dryRun = createDryRun({
    catalog,
    records,
    previewer,
    clouds: options.cloud === undefined ? routed.routing : undefined,
    target: (plan) => {
      if (!needsOpenStack(plan)) return { kind: "none", description: "terraform built-ins only (no cloud needed)" };
      if (options.cloud === undefined && config.simulate) {
        const how = config.simulatorMode === "launched" ? "launched by terraform, SIMULATOR_MODE=launched" : "no cloud configured";
        return { kind: "simulator", description: `the built-in OpenStack simulator (${how})` };
      }
      return { kind: "cloud", description: `the OpenStack cloud ${JSON.stringify(options.cloud ?? options.env.OS_CLOUD ?? "from OS_CLIENT_CONFIG_FILE")}` };
    },
    warnings: async (changes, resolved) => {
      const { simulator } = await ensure(resolved.plan);
      if (simulator === undefined) return [];
      return createQuotaWarnings({ cloud: simulator.cloud, readState: (id) => store.get(keys.tfstate({ instanceId: id })) })(changes, resolved);
    },
  });
  return { catalog, records, store, dryRun, close: () => closeAll(cleanups) };
}

async function closeAll(cleanups: (() => Promise<unknown>)[]): Promise<void> {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}
