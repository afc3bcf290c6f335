import { loadCatalog } from "../catalog/load-catalog.js";
import { checkCatalogStacks, formatStackProblems } from "../catalog/check-stacks.js";
import type { Catalog } from "../catalog/catalog.js";
import type { PlanDefinition } from "../domain/service-catalog.js";
import type { PlanTarget } from "../broker/dry-run/plan-report.js";
import type { CloudRouting } from "../cloud/cloud-routing.js";
import type { CloudTargets } from "../cloud/cloud-targets.js";
import { setUpClouds } from "../cloud/set-up-clouds.js";
import { reencryptConfiguredStore } from "../state/create-store-from-config.js";
import type { ReencryptReport } from "../state/crypto/encrypted-store.js";
import { createRecords, type Records } from "../state/records.js";
import { createCachedRecords } from "../state/cached-records.js";
import type { StateStore } from "../state/state-store.js";
import { checkTerraform } from "../terraform/check.js";
import { createDriftCheck, type DriftCheck } from "../worker/drift-check.js";
import { createDriftRecords } from "../state/drift-records.js";
import { createLogger, createSilentLogger, type Logger } from "../logging/logger.js";
import type { Previewer } from "../workspace/preview.js";
import type { BrokerConfig } from "../config/broker-config.js";
import { ConfigError } from "../config/config-error.js";
import { resolveSimulation } from "./simulation.js";
import { type BrokerMetrics, noMetrics } from "../domain/metrics.js";
import { measuredStore } from "../state/measured-store.js";
import { createBrokerSide, type BrokerSide } from "./broker-side.js";
import { cleanUpAfterCrash } from "./clean-up-after-crash.js";
import { openStore, openStoreReadOnly } from "./open-store.js";
import { previewTargetOf } from "./preview-target.js";
import { startTerraformSide, type TerraformSide } from "./terraform-side.js";

type Env = Readonly<Record<string, string | undefined>>;

/** Options of {@link createRuntime}. */
export interface RuntimeOptions {
  /** Default: a pino logger at LOG_LEVEL for `serve`, silent for a read-only runtime. */
  readonly logger?: Logger;
  /** The environment the store is opened from (STATE_STORE, STATE_ENCRYPTION_KEYS...) and OS_CLOUD. Default process.env. */
  readonly env?: Env;
  /**
   * Commands that only look (`plan`, `instances`, `operations`, `synth`): the store WRAPPED READ-ONLY
   * (a missing state directory is not created: it has no instances), terraform in a private
   * temporary folder with its own state backend on 127.0.0.1, no worker and no broker. Default: `serve`.
   */
  readonly readOnly?: boolean;
  /** A store instead of the configured one (Swift, tests), or how to open it: opened on first use. */
  readonly store?: StateStore | (() => Promise<StateStore>);
  /** `plan --cloud`: every plan on this clouds.yaml entry instead of the simulator or the routed cloud. */
  readonly cloud?: string;
  /** Where the worker, the store and terraform record (`serve`: Prometheus). Default: nowhere. */
  readonly metrics?: BrokerMetrics;
}

/**
 * The one composition root: every command (`serve`, `plan`, `instances`, `operations`, `synth`,
 * `reencrypt`) builds what it needs from here, so they all agree (one store, one catalog, one way to
 * terraform, the same preview pool and timeouts). Parts are built on first use, once, in this order
 * of dependence, so a bad start fails before anything is created: terraform check → catalog → clouds
 * → store → terraform side (workDir, simulator, state backend, workspaces, previews) → broker side.
 */
export interface Runtime {
  readonly config: BrokerConfig;
  readonly logger: Logger;
  /** What the parts record into (RuntimeOptions.metrics). */
  readonly metrics: BrokerMetrics;
  /** `<TERRAFORM_BIN> version` works, else a ConfigError naming TERRAFORM_BIN. */
  checkTerraform(): Promise<void>;
  /** The catalog with its stacks (`stacks: false`: the catalog files only, e.g. to name plans). */
  catalog(options?: { readonly stacks?: boolean }): Promise<Catalog>;
  /** Every plan's stacks synthesize with their defaults, else a ConfigError listing the problems. */
  checkStacks(): Promise<void>;
  /** Cloud routing and its terraform side; every cloud name is checked against clouds.yaml. */
  clouds(): Promise<{ readonly routing: CloudRouting; readonly targets: CloudTargets }>;
  /** The records over the store, opened once. */
  records(): Promise<Records>;
  /** The way down to terraform (started once; `openstack`: whether the stacks to run need OpenStack, default: any of the catalog's). */
  terraform(options?: { readonly openstack?: boolean }): Promise<TerraformSide>;
  /**
   * The preview pool, the terraform side started by the first preview (for its plan's stack): a
   * dry-run validates first, so a bad request starts nothing.
   */
  readonly previewer: Previewer;
  /** What a preview's terraform plans against (the CLI names the cloud; `serve` does not). */
  previewTarget(): Promise<(plan: PlanDefinition) => PlanTarget>;
  /** The worker, its jobs and the broker (`serve` only). */
  brokerSide(): Promise<BrokerSide>;
  /**
   * The drift check (`serve` every DRIFT_INTERVAL, `openstack-broker drift`): refresh-only plans
   * through the terraform side's stack runs, results stored with each instance.
   */
  driftCheck(): Promise<DriftCheck>;
  /** `reencrypt`: rewrites the configured store's objects under `prefix` with the primary key. */
  reencrypt(prefix: string): Promise<ReencryptReport>;
  /** Stops what was started, in reverse order (worker, servers, simulator, temporary folders). */
  close(): Promise<void>;
}

export function createRuntime(config: BrokerConfig, options: RuntimeOptions = {}): Runtime {
  const env = options.env ?? process.env;
  const readOnly = options.readOnly === true;
  const metrics = options.metrics ?? noMetrics;
  const logger = options.logger ?? (readOnly ? createSilentLogger() : createLogger({ level: config.logLevel }));
  const cleanups: (() => Promise<unknown>)[] = [];
  const onClose = (cleanup: () => Promise<unknown>) => void cleanups.push(cleanup);
  const onRetry =
    options.logger === undefined ? undefined : (info: object) => logger.warn(info, "state store: retrying");

  const terraformVersion = once(() =>
    checkTerraform(config.terraformBin).then(
      ({ version }) => version,
      (error: Error) => {
        throw new ConfigError(`terraform is not usable (TERRAFORM_BIN=${config.terraformBin}): ${error.message}`);
      },
    ),
  );
  const checkTerraformOnce = once(async () => void (await terraformVersion()));
  // Each plan's maintenance_info is derived from its construct, its providers and the terraform in use
  // (catalog/maintenance-version.ts). Without a usable terraform (a command that runs none, such as
  // `catalog validate`) the plans keep what the catalog declares.
  const catalogOptions = {
    catalogDir: config.catalogDir,
    stacksDir: config.stacksDir,
    resourceServices: config.resourceServices,
  };
  const catalogWithStacks = once(async () =>
    loadCatalog({
      ...catalogOptions,
      maintenance: await terraformVersion().then(
        (version) => ({ terraformVersion: version }),
        () => undefined,
      ),
    }),
  );
  const catalogFiles = once(() => loadCatalog({ ...catalogOptions, loadStacks: false }));
  // The simulator or a cloud, decided once with the clouds.yaml search (runtime/simulation.ts).
  const decided = once(async () => {
    const catalog = await catalogWithStacks();
    const openstack = needsOpenStack(
      catalog,
      catalog.services.flatMap((service) => service.plans),
    );
    return resolveSimulation(config, logger, env, openstack);
  });
  const clouds = once(async () => setUpClouds(await decided(), await catalogWithStacks()));
  const store = once(async (): Promise<StateStore> => {
    const given = options.store;
    const open = given === undefined ? undefined : typeof given === "function" ? given : async () => given;
    if (readOnly) return openStoreReadOnly(config, env, open);
    return measuredStore(await (open !== undefined ? open() : openStore(config, env, onRetry)), metrics);
  });
  // `serve` is the one active broker (docs/state.md): its records are cached in memory. A read-only
  // command reads the store as it is (a broker may be writing it).
  const records = once(async () => {
    const plain = createRecords(await store());
    return readOnly ? plain : createCachedRecords(plain);
  });
  const needsOpenStack = (catalog: Catalog, plans: readonly PlanDefinition[]) =>
    plans.some((plan) => catalog.stackFor(plan).providers?.includes("openstack") === true);

  let terraformSide: Promise<TerraformSide> | undefined;
  const terraform: Runtime["terraform"] = (terraformOptions = {}) =>
    (terraformSide ??= (async () => {
      await checkTerraformOnce();
      const catalog = await catalogWithStacks();
      const { targets } = await clouds();
      const openstack =
        terraformOptions.openstack ??
        needsOpenStack(
          catalog,
          catalog.services.flatMap((service) => service.plans),
        );
      return startTerraformSide({
        config: await decided(),
        catalog,
        records: await records(),
        targets,
        openstack,
        readOnly,
        cloud: options.cloud,
        onClose,
        logger,
        metrics,
      });
    })());
  const previewTarget = once(async () =>
    previewTargetOf({
      config: await decided(),
      catalog: await catalogWithStacks(),
      cloud: options.cloud,
      nameCloud: readOnly ? { env } : undefined,
    }),
  );
  const brokerSide = once(async () => {
    if (readOnly) throw new Error("a read-only runtime has no broker");
    const catalog = await catalogWithStacks();
    const { routing } = await clouds();
    await cleanUpAfterCrash({ config, env, records: await records(), logger });
    const side = createBrokerSide({
      config,
      logger,
      catalog,
      records: await records(),
      routing,
      terraform: await terraform(),
      previewTarget: await previewTarget(),
      metrics,
    });
    onClose(() => side.worker.stop());
    return side;
  });
  const previewOn = async (plan: PlanDefinition) =>
    (await terraform({ openstack: needsOpenStack(await catalogWithStacks(), [plan]) })).previews;

  return {
    config,
    logger,
    metrics,
    checkTerraform: checkTerraformOnce,
    catalog: (catalogOptions = {}) => (catalogOptions.stacks === false ? catalogFiles() : catalogWithStacks()),
    async checkStacks() {
      // A broken construct stops the broker before it listens.
      const problems = checkCatalogStacks(await catalogWithStacks(), config.stacksDir, process.cwd());
      if (problems.length > 0)
        throw new ConfigError(`the catalog's stacks do not synthesize:\n${formatStackProblems(problems)}`);
    },
    clouds,
    records,
    terraform,
    previewer: {
      previewInstance: async (request) => (await previewOn(request.plan)).previewInstance(request),
      previewBinding: async (request) => (await previewOn(request.plan)).previewBinding(request),
    },
    previewTarget,
    brokerSide,
    async driftCheck() {
      const store = await records();
      return createDriftCheck({
        records: store,
        catalog: await catalogWithStacks(),
        stacks: (await terraform()).stacks,
        drift: createDriftRecords(store.store),
        timeoutMs: config.operationTimeoutMs,
        logger,
      });
    },
    reencrypt: (prefix) => reencryptConfiguredStore({ env, stateDir: config.stateDir }, prefix),
    async close() {
      for (const cleanup of cleanups.splice(0).reverse())
        await cleanup().catch((error) => logger.warn({ err: error }, "runtime: a cleanup failed"));
    },
  };
}

/** `fn` run on the first call only; later calls share its promise. */
function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= fn());
}
