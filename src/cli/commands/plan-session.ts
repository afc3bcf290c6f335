import { mkdtemp, rm, stat } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { loadCatalog } from "../../catalog/load-catalog.js";
import type { Catalog } from "../../catalog/catalog.js";
import { createStateBackend } from "../../http/state-backend.js";
import { createRunCredentialIssuer } from "../../http/state-backend-credentials.js";
import { createFileStore } from "../../state/file-store.js";
import { createMemoryStore } from "../../state/memory-store.js";
import { keys } from "../../state/keys.js";
import { createRecords, type Records } from "../../state/records.js";
import type { StateStore } from "../../state/state-store.js";
import { checkTerraform } from "../../terraform/check.js";
import { createTerraformRunner } from "../../terraform/runner.js";
import { createPreviewer } from "../../worker/preview.js";
import { createStackRunner } from "../../worker/stack-run.js";
import type { RunningSimulator } from "../../simulator/index.js";
import { ConfigError, type BrokerConfig } from "../config.js";
import { createDryRun, type DryRun } from "./dry-run.js";
import type { PlanTarget } from "./plan-report.js";
import { createQuotaWarnings } from "./quota-warnings.js";
import { readOnlyStore } from "./read-only-store.js";

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

/**
 * Opens the dry-run's environment like `serve` would, minus everything that writes: the catalog and
 * stacks, the state store WRAPPED READ-ONLY (a missing state directory is not created: it has no
 * instances), terraform's http state backend over it on 127.0.0.1 (a random port), the simulator when
 * no cloud is configured, and a private working directory removed on close.
 */
export async function openPlanSession(options: PlanSessionOptions): Promise<PlanSession> {
  const { config } = options;
  await checkTerraform(config.terraformBin).catch((error: Error) => {
    throw new ConfigError(`terraform is not usable (TERRAFORM_BIN=${config.terraformBin}): ${error.message}`);
  });
  const catalog = await loadCatalog({ catalogDir: config.catalogDir, stacksDir: config.stacksDir });
  const exists = await stat(config.stateDir).then((s) => s.isDirectory(), () => false);
  const store = readOnlyStore(exists ? await createFileStore({ dir: config.stateDir }) : createMemoryStore());
  const records = createRecords(store);
  const needsOpenStack = catalog.services.some((s) => s.plans.some((p) => catalog.stackFor(p).providers?.includes("openstack")));
  const simulate = options.cloud === undefined && config.simulate && needsOpenStack;
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const simulator: RunningSimulator | undefined = simulate
      ? await (await import("../../simulator/index.js")).startSimulator({ stateDir: config.simulatorDir })
      : undefined;
    if (simulator) cleanups.push(() => simulator.stop());
    const workDir = await mkdtemp(join(tmpdir(), "openstack-broker-plan-"));
    cleanups.push(() => rm(workDir, { recursive: true, force: true }));
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
      providers: options.cloud === undefined ? undefined : { openstack: { cloud: options.cloud } },
    });
    const previewer = createPreviewer({ catalog, stacks, timeoutMs: config.operationTimeoutMs });
    const cloudTarget: PlanTarget = simulator
      ? { kind: "simulator", description: "the built-in OpenStack simulator (no cloud configured)" }
      : { kind: "cloud", description: `the OpenStack cloud ${JSON.stringify(options.cloud ?? options.env.OS_CLOUD ?? "from OS_CLIENT_CONFIG_FILE")}` };
    const dryRun = createDryRun({
      catalog,
      records,
      previewer,
      target: (plan) => (catalog.stackFor(plan).providers?.includes("openstack") ? cloudTarget : { kind: "none", description: "terraform built-ins only (no cloud needed)" }),
      warnings: simulator ? createQuotaWarnings({ cloud: simulator.cloud, readState: (id) => store.get(keys.tfstate({ instanceId: id })) }) : undefined,
    });
    return { catalog, records, store, dryRun, close: () => closeAll(cleanups) };
  } catch (error) {
    await closeAll(cleanups);
    throw error;
  }
}

async function closeAll(cleanups: (() => Promise<unknown>)[]): Promise<void> {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}
