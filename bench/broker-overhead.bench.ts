/**
 * Broker overhead (issue 16 item 1): the full terraform-test lifecycle — provision, bind, unbind,
 * deprovision — through the broker in its own process (`openstack-broker serve`, real HTTP, records,
 * synthesis, the http state backend, a platform polling last_operation every 20 ms) against the same
 * eight terraform commands run directly on the same cdk.tf.json (instance: init + apply; binding: init +
 * apply; binding: init + destroy; instance: init + destroy; local backend, fresh directories, no
 * `terraform output`: the binding reads the instance's outputs from its local state file).
 * Interleaved rounds, medians, one ratio. Target <= 1.10 (aim 1.05).
 * Run with: node --import tsx bench/broker-overhead.bench.ts [rounds]
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import definition from "../stacks/terraform-test/index.js";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { synthesize, type StackOutput } from "../src/synth/synthesize.js";
import {
  CREDENTIALS,
  PLAN_ID,
  ROOT,
  SERVICE_ID,
  bindingPath,
  deletePath,
  instancePath,
  provisionBody,
  testBrokerEnv,
} from "../test/helpers/broker-fixture.js";
import { spawnBroker, stopBroker } from "../test/helpers/broker-process.js";
import { basicAuthHeader } from "../test/helpers/osb-test-client.js";
import { median, ms, table } from "./stats.js";

const rounds = Number(process.argv[2] ?? 10);
const load = loadavg()
  .map((v) => v.toFixed(1))
  .join(" / ");
const dir = await mkdtemp(join(tmpdir(), "bench-overhead-"));
const pluginCacheDir = join(dir, "plugins");
await mkdir(pluginCacheDir, { recursive: true });
const broker = await spawnBroker({ ...testBrokerEnv(dir), CONCURRENCY: "1" });
const catalog = await loadCatalog({ catalogDir: join(ROOT, "test/fixtures/catalog"), stacksDir: join(ROOT, "stacks") });
const plan = catalog.planById(PLAN_ID)!;
const service = catalog.serviceOf(plan);
const values = { message: "bench", sleep_seconds: 0, fail_after_first: false };
const headers = {
  Authorization: basicAuthHeader(CREDENTIALS.username, CREDENTIALS.password),
  "X-Broker-API-Version": "2.17",
  "Content-Type": "application/json",
};
const call = (method: string, path: string, body?: unknown) =>
  fetch(`${broker.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

/** Polls as a platform does, every 20 ms, until `status` with state succeeded (or 410 when gone). */
async function waitDone(path: string, status: number) {
  for (;;) {
    const response = await call("GET", path);
    const body = (await response.json()) as { state?: string };
    if (response.status === status && (status === 410 || body.state === "succeeded")) return;
    if (body.state === "failed") throw new Error(`operation failed: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function expectStatus(response: Response, ...ok: number[]): Promise<number> {
  if (!ok.includes(response.status)) throw new Error(`${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
  return response.status;
}

async function throughBroker(i: number): Promise<number> {
  const id = `bench-${i}`;
  const lastOp = `/v2/service_instances/${id}/last_operation`;
  const bindingOp = `/v2/service_instances/${id}/service_bindings/b/last_operation`;
  const start = performance.now();
  await expectStatus(await call("PUT", instancePath(id), provisionBody(values)), 202);
  await waitDone(lastOp, 200);
  const bindBody = { service_id: SERVICE_ID, plan_id: PLAN_ID, app_guid: "app" };
  await expectStatus(await call("PUT", bindingPath(id, "b", "accepts_incomplete=true"), bindBody), 202);
  await waitDone(bindingOp, 200);
  const unbind = `accepts_incomplete=true&service_id=${SERVICE_ID}&plan_id=${PLAN_ID}`;
  if ((await expectStatus(await call("DELETE", bindingPath(id, "b", unbind)), 200, 202)) === 202)
    await waitDone(bindingOp, 410);
  await expectStatus(await call("DELETE", deletePath(id)), 202);
  await waitDone(lastOp, 410);
  return performance.now() - start;
}

const tfEnv = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_PLUGIN_CACHE_DIR: pluginCacheDir };
const tf = (cwd: string, ...args: string[]) => execFileSync("terraform", args, { cwd, env: tfEnv, stdio: "pipe" });

async function direct(i: number): Promise<number> {
  const root = await mkdtemp(join(tmpdir(), "bench-direct-"));
  const common = { definition, service, plan, values, instanceId: `direct-${i}`, backend: "local" } as const;
  const instance = synthesize({ ...common, kind: "instance" });
  const write = async (where: string, synthesis: ReturnType<typeof synthesize>) => {
    await mkdir(where, { recursive: true });
    await writeFile(join(where, "cdk.tf.json"), JSON.stringify(synthesis.config, null, 2));
    await writeFile(join(where, "terraform.tfvars.json"), JSON.stringify(synthesis.variables));
  };
  const instanceDir = join(root, "instance");
  const bindingDir = join(root, "binding");
  const start = performance.now();
  await write(instanceDir, instance);
  tf(instanceDir, "init", "-input=false", "-no-color", "-json");
  tf(instanceDir, "apply", "-json", "-auto-approve", "-input=false", "-no-color");
  const state = JSON.parse(await readFile(join(instanceDir, "terraform.tfstate"), "utf8")) as {
    outputs: Record<string, StackOutput>;
  };
  const binding = synthesize({ ...common, kind: "binding", bindingId: "b", instanceOutputs: state.outputs });
  await write(bindingDir, binding);
  tf(bindingDir, "init", "-input=false", "-no-color", "-json");
  tf(bindingDir, "apply", "-json", "-auto-approve", "-input=false", "-no-color");
  // Each operation runs in its own command sequence (init again, as a new working directory would).
  tf(bindingDir, "init", "-input=false", "-no-color", "-json");
  tf(bindingDir, "destroy", "-json", "-auto-approve", "-input=false", "-no-color");
  tf(instanceDir, "init", "-input=false", "-no-color", "-json");
  tf(instanceDir, "destroy", "-json", "-auto-approve", "-input=false", "-no-color");
  const elapsed = performance.now() - start;
  await rm(root, { recursive: true, force: true });
  return elapsed;
}

await throughBroker(-1); // warm-up (plugin cache, page cache)
await direct(-1);
const brokerMs: number[] = [];
const directMs: number[] = [];
for (let i = 0; i < rounds; i++) {
  brokerMs.push(await throughBroker(i));
  directMs.push(await direct(i));
}
await stopBroker(broker);
await rm(dir, { recursive: true, force: true });
const ratio = median(brokerMs) / median(directMs);
const row = (name: string, values: number[]) => [
  name,
  ms(median(values), 0),
  ms(Math.min(...values), 0),
  ms(Math.max(...values), 0),
];
console.log(
  `## Broker overhead (terraform-test provision, bind, unbind, deprovision; ${rounds} interleaved rounds; load average at start ${load})\n`,
);
console.log(
  table(
    ["path", "median", "min", "max"],
    [
      row("through the broker (own process, HTTP, synthesis, http state backend, polling 20 ms)", brokerMs),
      row("terraform directly (same cdk.tf.json, 8 commands, local backend)", directMs),
    ],
  ),
);
console.log(`\nratio broker / direct (medians): **${ratio.toFixed(3)}** (target <= 1.10)`);
