import { mkdir, mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import type { Catalog } from "../catalog/catalog.js";
import type { CloudTargets } from "../cloud/cloud-targets.js";
import { createStateBackend } from "../http/state-backend.js";
import { keys } from "../state/keys.js";
import type { Records } from "../state/records.js";
import { endPreviousTerraform } from "../terraform/end-previous-terraform.js";
import { createTerraformRunner } from "../terraform/runner.js";
import type { Logger } from "../logging/logger.js";
import { createPreviewer } from "../workspace/preview.js";
import { createPreviewPool, type PreviewPool } from "../workspace/preview-pool.js";
import { createTerraformStates } from "../state/terraform-states.js";
import { createRunCredentialIssuer, type RunCredentialIssuer } from "../workspace/run-credentials.js";
import { createStackRuns, type StackRuns } from "../workspace/stack-runs.js";
import { createWorkspaceRunner, type WorkspaceRunner } from "../workspace/workspace-runner.js";
import type { BrokerConfig } from "../config/broker-config.js";
import type { BrokerMetrics } from "../domain/metrics.js";
import { startBrokerSimulator, type BrokerSimulator } from "./broker-simulator.js";

/** The way down to terraform, as one runtime uses it (src/workspace and what it needs). */
export interface TerraformSide {
  /** The parent folder of the workspaces: WORK_DIR for `serve`, a private temporary one otherwise. */
  readonly workDir: string;
  /** The built-in OpenStack simulator, when OpenStack stacks run against it. */
  readonly simulator?: BrokerSimulator;
  /** Issues every workspace's state credentials; the state backend verifies them. */
  readonly credentials: RunCredentialIssuer;
  readonly workspaces: WorkspaceRunner;
  /** Runs of the catalog's stacks on their cloud: the jobs' way to terraform. */
  readonly stacks: StackRuns;
  /** The bounded preview pool (PREVIEW_CONCURRENCY, PREVIEW_TIMEOUT_SECONDS): every read-only plan. */
  readonly previews: PreviewPool;
  /** Terraform's http state backend over the store (`serve` mounts it on its own port). */
  readonly stateBackend: Hono;
  /** Where terraform reaches {@link stateBackend}; `serve` sets it once listening. */
  setStateBackendUrl(url: string): void;
}

/** What starting the terraform side needs. */
export interface TerraformSideOptions {
  readonly config: BrokerConfig;
  readonly catalog: Catalog;
  readonly records: Records;
  readonly targets: CloudTargets;
  /** Whether the stacks to run need OpenStack (then the simulator starts when SIMULATE is on and no `cloud` is given). */
  readonly openstack: boolean;
  /**
   * A read-only runtime (`plan`): a private temporary workDir (never WORK_DIR, a running broker's), and
   * the state backend served here on 127.0.0.1 (a random port). Otherwise WORK_DIR is emptied first
   * (leftover working directories of a crashed run may hold variables files).
   */
  readonly readOnly: boolean;
  /** `plan --cloud`: every run on this clouds.yaml entry, whatever the records say. */
  readonly cloud?: string;
  /** Where ending a previous broker process's terraform is reported. */
  readonly logger?: Logger;
  /** Registers what {@link Runtime.close} undoes, in reverse order. */
  readonly onClose: (cleanup: () => Promise<unknown>) => void;
  /** Where failed terraform commands are counted. */
  readonly metrics?: BrokerMetrics;
}

/** The launched simulator's mirror folder in the workDir (run folders are named `<instance>-...`). */
const SIMULATOR_MIRROR = ".simulator-mirror";

/** Starts the terraform side: workDir, simulator, runner, state credentials and backend, workspaces, previews. */
export async function startTerraformSide(options: TerraformSideOptions): Promise<TerraformSide> {
  const { config, catalog, records, targets } = options;
  const workDir = options.readOnly ? await mkdtemp(join(tmpdir(), "openstack-broker-plan-")) : config.workDir;
  if (options.readOnly) options.onClose(() => rm(workDir, { recursive: true, force: true }));
  else {
    // MUST end the terraform processes (and providers) a killed broker process left before anything
    // runs again: their run directories hold their records (terraform/end-previous-terraform.ts).
    await endPreviousTerraform({ workDir, graceMs: config.killGraceMs, logger: options.logger });
    await rm(workDir, { recursive: true, force: true });
    await mkdir(workDir, { recursive: true, mode: 0o700 });
  }
  // The same SIMULATOR_MODE everywhere; a launched simulator's mirror MUST be private to this process.
  const simulator =
    options.openstack && config.simulate && options.cloud === undefined
      ? await startBrokerSimulator({
          stateDir: config.simulatorDir,
          mode: config.simulatorMode,
          mirrorDir: join(workDir, SIMULATOR_MIRROR),
        })
      : undefined;
  if (simulator !== undefined) options.onClose(() => simulator.stop());

  const credentials = createRunCredentialIssuer({ states: createTerraformStates(records.store) });
  const stateBackend = createStateBackend({ store: records.store, credentials });
  let baseUrl = config.stateBackendUrl ?? "";
  if (options.readOnly) baseUrl = await serveLocally(stateBackend, options.onClose);
  const workspaces = createWorkspaceRunner({
    runner: createTerraformRunner({
      bin: config.terraformBin,
      pluginCacheDir: config.pluginCacheDir,
      killGraceMs: config.killGraceMs,
      recordProcesses: !options.readOnly,
      metrics: options.metrics,
      niceness: config.terraformNiceness,
      // Only a serving broker has an event loop to keep free; a one-shot CLI command would only pay
      // the helper's start-up.
      spawnHelper: config.terraformSpawnHelper && !options.readOnly,
    }),
    workDir,
    stateBackendUrl: () => baseUrl,
    credentials,
    readState: (ref) => records.store.get(keys.tfstate(ref)),
    providerEnv: () => simulator?.env ?? {},
  });
  // Without `cloud`, an instance runs on its recorded cloud and a new one where the broker would
  // route it (docs/clouds.md); `cloud` overrides both, given to terraform like any routed cloud.
  const cloud = options.cloud;
  const clouds = cloud === undefined ? targets : { forCloud: () => targets.forCloud(cloud) };
  const stacks = createStackRuns({ catalog, workspaces, clouds });
  // The previewer's own deadline is only a backstop: the pool answers at PREVIEW_TIMEOUT_SECONDS and interrupts terraform.
  const previewer = createPreviewer({
    catalog,
    stacks,
    timeoutMs: config.previewTimeoutMs + config.killGraceMs,
    records: cloud === undefined ? records : undefined,
  });
  const previews = createPreviewPool({
    previewer,
    concurrency: config.previewConcurrency,
    timeoutMs: config.previewTimeoutMs,
  });
  return {
    workDir,
    simulator,
    credentials,
    workspaces,
    stacks,
    previews,
    stateBackend,
    setStateBackendUrl: (url) => void (baseUrl = url),
  };
}

/** Serves the state backend on 127.0.0.1 (a random port) until close; returns its URL. */
async function serveLocally(app: Hono, onClose: TerraformSideOptions["onClose"]): Promise<string> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  onClose(() => new Promise((resolve) => server.close(resolve)));
  await new Promise<void>((resolve, reject) =>
    server.listening ? resolve() : server.once("listening", resolve).once("error", reject),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
