import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadCatalog } from "../../src/catalog/load-catalog.js";
import type { PlanDefinition, ServiceOffering } from "../../src/domain/service-catalog.js";
import { loadConfig } from "../../src/config/load-config.js";
import { createOsbTestClient, type OsbTestClient } from "../helpers/osb-test-client.js";
import { createFileStore } from "../../src/state/file-store.js";
import { createRecords } from "../../src/state/records.js";
import { spawnBroker, stopBroker, type BrokerProcess } from "../helpers/broker-process.js";
import { runPlanLifecycle, type PlanResult } from "./lifecycle.js";
import { listLeftovers } from "./leftovers.js";
import { deprovisionInstance, formatAttempts } from "./osb-steps.js";
import { loadLiveParams, planInputs, type PlanInputs } from "./live-params.js";
import { liveInstanceId, selectPlans } from "./plan-selection.js";
import { previewPlan, type Check, type PlanReadiness, type Preflight } from "./preflight.js";
import { checkPrerequisites } from "./prerequisites.js";
import type { ProviderCheck, ProviderCheckOptions } from "./provider-check.js";
import {
  createRedactor,
  formatHeader,
  formatLeftovers,
  formatPreflight,
  formatResults,
  formatVerdict,
} from "./report.js";
import type { LiveSettings } from "./settings.js";

type Env = Readonly<Record<string, string | undefined>>;

/** A selected plan with what its run sends. */
export interface LivePlan {
  readonly name: string;
  readonly service: ServiceOffering;
  readonly plan: PlanDefinition;
  readonly instanceId: string;
  readonly inputs: PlanInputs;
}

/** Options of {@link startLiveRun}. */
export interface LiveRunOptions {
  readonly settings: LiveSettings;
  /** The environment the broker and terraform start from. Default process.env. */
  readonly env?: Env;
  /** Where the report goes, as it is made (already redacted). Default stdout. */
  readonly print?: (text: string) => void;
  /** The provider check (tests may pass a fake). Default {@link checkProvider}. */
  readonly checkProvider?: (options: ProviderCheckOptions) => Promise<ProviderCheck>;
}

/** A started run: the preflight is done; plans run one at a time; close() MUST be called. */
export interface LiveRun {
  readonly plans: readonly LivePlan[];
  readonly preflight: Preflight;
  /** Provision, bind, unbind, deprovision one plan (refused unless the preflight is ready). */
  runPlan(name: string): Promise<PlanResult>;
  readonly results: readonly PlanResult[];
  /** `--cleanup`: deprovisions every instance the run directory's broker state still has; one result per instance. */
  cleanup(): Promise<PlanResult[]>;
  /** Stops the broker; prints the results, leftovers and verdict; writes report.txt. */
  close(): Promise<string>;
}

/**
 * The broker's environment: a real cloud (SIMULATE=false, OS_CLOUD), its own file store, work
 * directory and credentials under the run directory; everything else (TERRAFORM_BIN,
 * TF_PLUGIN_CACHE_DIR, TF_CLI_CONFIG_FILE, OS_CLIENT_CONFIG_FILE...) as the caller's environment has it.
 */
export function liveBrokerEnv(
  settings: LiveSettings,
  runDir: string,
  password: string,
): Record<string, string | undefined> {
  const timeoutSeconds = String(Math.ceil(settings.operationTimeoutMs / 1000));
  return {
    SIMULATE: "false",
    OS_CLOUD: settings.cloud,
    DEFAULT_CLOUD: settings.cloud,
    PORT: "0",
    HOST: "127.0.0.1",
    BROKER_USERNAME: "live-test",
    BROKER_PASSWORD: password,
    CATALOG_DIR: settings.catalogDir,
    STACKS_DIR: settings.stacksDir,
    STATE_STORE: "file",
    STATE_DIR: join(runDir, "state"),
    WORK_DIR: join(runDir, "work"),
    CONCURRENCY: "1",
    OPERATION_TIMEOUT_SECONDS: timeoutSeconds,
    // The preflight's previews: a first `terraform init` may download the real provider (the broker's
    // limit before the preview pool was 5 minutes; a platform's 60 s request timeout is not at stake here).
    PREVIEW_TIMEOUT_SECONDS: "300",
    LOG_LEVEL: "info",
    // Not this run's business: another store, a mapping to other clouds, the simulator.
    ...Object.fromEntries(
      [
        "STATE_ENCRYPTION_KEYS",
        "STATE_ENCRYPTION_KEYS_FILE",
        "STATE_CLOUD",
        "STATE_BACKEND_URL",
        "CLOUD_MAPPING_FILE",
        "SIMULATOR_DIR",
      ].map((n) => [n, undefined]),
    ),
  };
}

/**
 * Selects the plans, runs the preflight (terraform, the provider, clouds.yaml, parameters, then —
 * only when those pass — a real broker in its own process and a read-only terraform plan of every
 * plan through it) and prints it. Creates nothing on the cloud.
 */
export async function startLiveRun(options: LiveRunOptions): Promise<LiveRun> {
  const { settings } = options;
  const env = options.env ?? process.env;
  const runDir = settings.cleanupDir ?? settings.runDir;
  const password = randomBytes(24).toString("base64url");
  const redactor = createRedactor([password]);
  const printed: string[] = [];
  const print = (text: string) => {
    const safe = redactor.redact(text);
    printed.push(safe);
    (options.print ?? ((t) => process.stdout.write(t)))(safe);
  };
  await mkdir(runDir, { recursive: true, mode: 0o700 });

  const catalog = await loadCatalog({ catalogDir: settings.catalogDir, stacksDir: settings.stacksDir });
  const params = await loadLiveParams(settings.paramsFile);
  const plans: LivePlan[] = selectPlans(catalog.services, settings.cleanupDir ? [] : settings.plans).map(
    ({ name, service, plan }) => ({
      name,
      service,
      plan,
      instanceId: liveInstanceId(settings.runId, name),
      inputs: planInputs(plan, name, params, settings.runId),
    }),
  );
  print(
    formatHeader({
      cloud: settings.cloud,
      runId: settings.runId,
      runDir,
      plans: settings.cleanupDir ? 0 : plans.length,
    }),
  );

  const brokerEnv = { ...env, ...liveBrokerEnv(settings, runDir, password) };
  const config = loadConfig(brokerEnv);
  const checks: Check[] = await checkPrerequisites({
    settings,
    env: brokerEnv,
    terraformBin: config.terraformBin,
    pluginCacheDir: config.pluginCacheDir,
    params,
    planNames: catalog.services.flatMap((s) => s.plans.map((p) => `${s.name}/${p.name}`)),
    checkProvider: options.checkProvider,
  });

  let broker: BrokerProcess | undefined;
  let client: OsbTestClient | undefined;
  const log = createWriteStream(join(runDir, "broker.log"), { flags: "a", mode: 0o600 });
  if (checks.every((c) => c.ok)) {
    try {
      broker = await spawnBroker(brokerEnv, { timeoutMs: 120_000, onOutput: (chunk) => log.write(chunk) });
      const url = broker.url;
      client = createOsbTestClient({
        request: (path, init) => fetch(`${url}${path}`, init),
        credentials: { username: "live-test", password },
      });
      checks.push({
        name: "broker",
        ok: true,
        detail: `openstack-broker serve at ${url} (log: ${join(runDir, "broker.log")})`,
      });
    } catch (error) {
      checks.push({ name: "broker", ok: false, detail: `did not start: ${(error as Error).message.trim()}` });
    }
  }

  const readiness: PlanReadiness[] = [];
  if (!settings.cleanupDir) {
    for (const plan of plans) {
      const notChecked = (why: string): PlanReadiness => ({
        name: plan.name,
        ok: false,
        problems: [why],
        creates: {},
        credentials: [],
      });
      if (plan.inputs.problems.length > 0) readiness.push({ ...notChecked(""), problems: plan.inputs.problems });
      else if (client === undefined)
        readiness.push(notChecked("terraform plan not run: a prerequisite above is missing"));
      else {
        const request = {
          name: plan.name,
          instanceId: plan.instanceId,
          serviceId: plan.service.id,
          planId: plan.plan.id,
          parameters: plan.inputs.parameters,
        };
        readiness.push(
          await previewPlan(client, request).catch((error: Error) =>
            notChecked(`the broker could not be reached: ${error.message}`),
          ),
        );
      }
    }
  }
  const preflight: Preflight = {
    checks,
    plans: readiness,
    ready: checks.every((c) => c.ok) && readiness.every((p) => p.ok),
  };
  print(formatPreflight(preflight));

  const store = await createFileStore({ dir: join(runDir, "state") });
  const results: PlanResult[] = [];
  return {
    plans,
    preflight,
    results,
    async runPlan(name) {
      const plan = plans.find((p) => p.name === name);
      if (plan === undefined) throw new Error(`${name} is not a selected plan`);
      if (!preflight.ready || client === undefined)
        throw new Error(`${name}: not run: the preflight found something missing (above); nothing was created`);
      print(`\n${name}: provisioning ${plan.instanceId}...\n`);
      const result = await runPlanLifecycle({
        client,
        name,
        serviceId: plan.service.id,
        planId: plan.plan.id,
        bindable: plan.plan.bindable ?? plan.service.bindable,
        instanceId: plan.instanceId,
        parameters: plan.inputs.parameters,
        bindParameters: plan.inputs.bind,
        // The broker interrupts terraform at OPERATION_TIMEOUT_SECONDS: wait a little longer for its verdict.
        timeoutMs: settings.operationTimeoutMs + 120_000,
        pollIntervalMs: settings.pollIntervalMs,
        deprovisionAttempts: settings.deprovisionAttempts,
        leftovers: (id) => listLeftovers(store, id),
        onSecrets: (values) => redactor.add(values),
        onStep: (planName, step) =>
          print(`  ${planName}: ${step.step} ${step.status}${step.message ? ` (${step.message})` : ""}\n`),
      });
      results.push(result);
      return result;
    },
    async cleanup() {
      if (!preflight.ready || client === undefined)
        throw new Error("cleanup not run: the preflight found something missing (above)");
      const records = createRecords(store);
      for (const id of await records.listInstanceIds()) {
        const instance = await records.getInstance(id);
        if (instance === undefined || instance.deleted) continue;
        const started = Date.now();
        print(`\ncleanup: deprovisioning ${id} (${instance.status})...\n`);
        const waiting = { timeoutMs: settings.operationTimeoutMs + 120_000, pollIntervalMs: settings.pollIntervalMs };
        const outcome = await deprovisionInstance(client, {
          ...waiting,
          instanceId: id,
          serviceId: instance.serviceId,
          planId: instance.planId,
          attempts: settings.deprovisionAttempts,
        });
        const plan = catalog.planById(instance.planId);
        const leftovers = await listLeftovers(store, id);
        results.push({
          name: plan ? `${catalog.serviceOf(plan).name}/${plan.name}` : id,
          instanceId: id,
          steps: [
            {
              step: "deprovision",
              status: outcome.gone ? "ok" : "failed",
              durationMs: Date.now() - started,
              ...(outcome.problems.length ? { message: formatAttempts(outcome.problems) } : {}),
            },
          ],
          credentials: [],
          leftovers,
          passed: outcome.gone && leftovers.length === 0,
        });
      }
      return results;
    },
    async close() {
      if (broker) await stopBroker(broker);
      await new Promise((resolve) => log.end(resolve));
      const leftovers = results.flatMap((r) => r.leftovers);
      if (results.length > 0)
        print(`\n${formatResults(results)}${formatLeftovers(leftovers, runDir)}${formatVerdict(results)}`);
      await writeFile(join(runDir, "report.txt"), printed.join(""), { mode: 0o600 });
      return printed.join("");
    },
  };
}
