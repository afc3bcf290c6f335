import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { loadCatalog } from "../catalog/load-catalog.js";
import { checkCatalogStacks, formatStackProblems } from "../catalog/check-stacks.js";
import type { Catalog } from "../catalog/catalog.js";
import { createBroker } from "../broker/create-broker.js";
import { createOsbApp, osbNotFound } from "../http/create-osb-app.js";
import { createStateBackend } from "../http/state-backend.js";
import { createRunCredentialIssuer } from "../http/state-backend-credentials.js";
import { createFileStore } from "../state/file-store.js";
import { keys } from "../state/keys.js";
import { createRecords, type Records } from "../state/records.js";
import type { StateStore } from "../state/state-store.js";
import { createTerraformRunner } from "../terraform/runner.js";
import { checkTerraform } from "../terraform/check.js";
import { createJobs } from "../worker/jobs/index.js";
import { createStackRunner } from "../worker/stack-run.js";
import { createWorker, type Worker } from "../worker/worker.js";
import { resumeOperations } from "../worker/resume.js";
import { createPreviewer, type Previewer } from "../worker/preview.js";
import { createLogger, type Logger } from "../logging/logger.js";
import type { BrokerConfig, SimulatorMode } from "../config/broker-config.js";
import { ConfigError } from "../config/config-error.js";
import { setUpClouds } from "../cloud/set-up-clouds.js";
import { startBrokerSimulator } from "./broker-simulator.js";

export interface StartBrokerOptions {
  readonly logger?: Logger;
  /** A store to use instead of the file store in `config.stateDir` (Swift, tests), or how to open it:
   *  opened only once terraform and the catalog have been checked, so a bad start creates nothing. */
  readonly store?: StateStore | (() => Promise<StateStore>);
}

export interface RunningBroker {
  readonly url: string;
  readonly port: number;
  readonly catalog: Catalog;
  readonly records: Records;
  readonly worker: Worker;
  readonly previewer: Previewer;
  readonly simulated: boolean;
  /** How terraform reaches the simulator (SIMULATOR_MODE), when {@link simulated}. */
  readonly simulatorMode?: SimulatorMode;
  /** Stops listening and interrupts running operations (they resume at the next start). */
  stop(): Promise<void>;
}

/**
 * Assembles and starts the broker: checks terraform and the catalog before listening, serves the OSB
 * API and the terraform state backend on one port, then resumes operations a previous run left.
 */
export async function startBroker(config: BrokerConfig, options: StartBrokerOptions = {}): Promise<RunningBroker> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  await checkTerraform(config.terraformBin).catch((error: Error) => {
    throw new ConfigError(`terraform is not usable (TERRAFORM_BIN=${config.terraformBin}): ${error.message}`);
  });
  const catalog = await loadCatalog({ catalogDir: config.catalogDir, stacksDir: config.stacksDir });
  // Every plan's stacks synthesize with its defaults: a broken construct stops the broker before it listens.
  const stackProblems = checkCatalogStacks(catalog, config.stacksDir, process.cwd());
  if (stackProblems.length > 0) throw new ConfigError(`the catalog's stacks do not synthesize:\n${formatStackProblems(stackProblems)}`);
  // Which cloud serves which instance (docs/clouds.md): every name is checked against clouds.yaml
  // before anything is created.
  const { routing, targets } = setUpClouds(config, catalog);
  const store = typeof options.store === "function" ? await options.store() : (options.store ?? (await createFileStore({ dir: config.stateDir })));
  const records = createRecords(store);

  // Leftover working directories of a crashed run may hold variables files: remove them.
  await rm(config.workDir, { recursive: true, force: true });
  await mkdir(config.workDir, { recursive: true, mode: 0o700 });

  const needsOpenStack = catalog.services.some((service) => service.plans.some((plan) => catalog.stackFor(plan).providers?.includes("openstack")));
  // Launched mode: the mirror lives in WORK_DIR, private to this broker and removed at each start.
  const simulator = config.simulate && needsOpenStack
    ? await startBrokerSimulator({ stateDir: config.simulatorDir, mode: config.simulatorMode, mirrorDir: join(config.workDir, SIMULATOR_MIRROR) })
    : undefined;

  const runner = createTerraformRunner({ bin: config.terraformBin, pluginCacheDir: config.pluginCacheDir, killGraceMs: config.killGraceMs });
  const credentials = createRunCredentialIssuer();
  let baseUrl = config.stateBackendUrl ?? "";
  const stacks = createStackRunner({
    runner,
    workDir: config.workDir,
    stateBackendUrl: () => baseUrl,
    credentials,
    readState: (ref) => store.get(keys.tfstate(ref)),
    providerEnv: () => simulator?.env ?? {},
  });
  const jobs = createJobs({ records, catalog, stacks, clouds: targets });
  const lease = { brokerId: config.brokerId, leaseTtlMs: config.leaseTtlMs };
  const worker = createWorker({ records, jobs, concurrency: config.concurrency, operationTimeoutMs: config.operationTimeoutMs, logger, ...lease });
  const previewer = createPreviewer({ catalog, stacks, clouds: { records, targets } });
  const broker = createBroker({ catalog, records, worker, previewer, clouds: routing });

  const app = new Hono();
  app.route("/", createStateBackend({ store, credentials }));
  app.route("/", createOsbApp({ broker, credentials: { username: config.username, password: config.password }, logger }));
  app.route("/", (await import("../http/preview-routes.js")).createPreviewRoutes({ catalog, records, previewer, credentials: { username: config.username, password: config.password }, simulated: simulator !== undefined, simulatorMode: simulator?.mode, logger, clouds: routing }));
  app.notFound(osbNotFound);

  // MUST stop the simulator if listening fails: nothing of this start may outlive it.
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new ConfigError(`port ${config.port} on ${config.host} is in use: set PORT (or --port) to another one`) : error),
    );
  }).catch(async (error: unknown) => {
    await simulator?.stop();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  if (baseUrl === "") baseUrl = `http://127.0.0.1:${port}`;
  const resume = async () => {
    const resumed = await resumeOperations({ records, worker, jobs, logger, ...lease });
    if (resumed > 0) logger.info({ resumed }, "resumed operations left in progress");
  };
  await resume();
  // With several brokers on one store, take over a dead broker's operations once their leases expire.
  const rescan = setInterval(() => void resume().catch((error) => logger.warn({ err: error }, "resume scan failed")), config.leaseTtlMs);
  rescan.unref();

  return {
    url: `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}`,
    port,
    catalog,
    records,
    worker,
    previewer,
    simulated: simulator !== undefined,
    simulatorMode: simulator?.mode,
    async stop() {
      clearInterval(rescan);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
      await worker.stop();
      await simulator?.stop();
    },
  };
}

/** The launched simulator's mirror folder in WORK_DIR (run folders are named `<instance>-...`). */
const SIMULATOR_MIRROR = ".simulator-mirror";
