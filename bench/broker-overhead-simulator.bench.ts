/**
 * Broker overhead on the simulator (issue 16 item 1): the full lifecycle (provision, bind, unbind,
 * deprovision) of trove-mysql/small and nova-vm/small through the broker in its own process
 * (`openstack-broker serve`, default catalog, SIMULATE=true: the simulated provider in the broker's
 * process, reattached) against the same terraform commands run directly (instance init + apply,
 * binding init + apply, binding init + destroy, instance init + destroy; local backend) against a
 * simulator (reattach) in this process. Interleaved rounds, medians, a ratio per plan. Target <= 1.10.
 * Run with: node --import tsx bench/broker-overhead-simulator.bench.ts [rounds]
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { synthesizeService } from "../src/testing/service-harness.js";
import { startTestSimulator } from "../src/testing/test-simulator.js";
import type { SynthesisResult } from "../src/synth/synthesize.js";
import { CREDENTIALS, ROOT, testBrokerEnv } from "../test/helpers/broker-fixture.js";
import { spawnBroker, stopBroker } from "../test/helpers/broker-process.js";
import { basicAuthHeader } from "../test/helpers/osb-test-client.js";
import { EXAMPLES } from "../test/helpers/service-library.js";
import { median, ms, table } from "./stats.js";

const rounds = Number(process.argv[2] ?? 5);
const PLANS = [
  ["trove-mysql", "small"],
  ["nova-vm", "small"],
] as const;
const load = loadavg()
  .map((v) => v.toFixed(1))
  .join(" / ");
const dir = await mkdtemp(join(tmpdir(), "bench-overhead-sim-"));
const pluginCacheDir = join(dir, "plugins");
await mkdir(pluginCacheDir, { recursive: true });
const broker = await spawnBroker({
  ...testBrokerEnv(dir),
  CATALOG_DIR: join(ROOT, "catalog"),
  SIMULATE: "true",
  SIMULATOR_DIR: join(dir, "broker-cloud"),
  CONCURRENCY: "1",
});
const catalog = await loadCatalog({ catalogDir: join(ROOT, "catalog"), stacksDir: join(ROOT, "stacks") });
const simulator = await startTestSimulator();
const headers = {
  Authorization: basicAuthHeader(CREDENTIALS.username, CREDENTIALS.password),
  "X-Broker-API-Version": "2.17",
  "Content-Type": "application/json",
};
const call = (method: string, path: string, body?: unknown) =>
  fetch(`${broker.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

async function waitDone(path: string, gone: boolean) {
  for (;;) {
    const response = await call("GET", path);
    const body = (await response.json()) as { state?: string; description?: string };
    if (gone ? response.status === 410 : body.state === "succeeded") return;
    if (body.state === "failed") throw new Error(`operation failed: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function ok(response: Response, ...statuses: number[]): Promise<number> {
  if (!statuses.includes(response.status)) throw new Error(`${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
  return response.status;
}

async function throughBroker(serviceName: string, planName: string, i: number): Promise<number> {
  const service = catalog.findService(serviceName)!;
  const plan = catalog.findPlan(serviceName, planName)!;
  const example = EXAMPLES[`${serviceName}/${planName}`] ?? {};
  const id = `bench-${serviceName}-${i}`;
  const ids = `service_id=${service.id}&plan_id=${plan.id}`;
  const lastOp = `/v2/service_instances/${id}/last_operation`;
  const bindingOp = `/v2/service_instances/${id}/service_bindings/${id}-b/last_operation`;
  const start = performance.now();
  const body = {
    service_id: service.id,
    plan_id: plan.id,
    organization_guid: "bench-org",
    space_guid: "bench-space",
    parameters: example.parameters ?? {},
  };
  await ok(await call("PUT", `/v2/service_instances/${id}?accepts_incomplete=true`, body), 202);
  await waitDone(lastOp, false);
  const bind = { service_id: service.id, plan_id: plan.id, app_guid: "app", parameters: example.bind ?? {} };
  const bindingPath = `/v2/service_instances/${id}/service_bindings/${id}-b`;
  await ok(await call("PUT", `${bindingPath}?accepts_incomplete=true`, bind), 202);
  await waitDone(bindingOp, false);
  if ((await ok(await call("DELETE", `${bindingPath}?accepts_incomplete=true&${ids}`), 200, 202)) === 202)
    await waitDone(bindingOp, true);
  await ok(await call("DELETE", `/v2/service_instances/${id}?accepts_incomplete=true&${ids}`), 202);
  await waitDone(lastOp, true);
  return performance.now() - start;
}

const tfEnv = {
  ...process.env,
  ...simulator.env,
  TF_IN_AUTOMATION: "1",
  CHECKPOINT_DISABLE: "1",
  TF_PLUGIN_CACHE_DIR: pluginCacheDir,
};
// Asynchronous: the simulated provider answers terraform from this process's event loop.
const run = promisify(execFile);
const tf = async (cwd: string, ...args: string[]) => {
  try {
    await run("terraform", args, { cwd, env: tfEnv, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const out = String((error as { stdout?: string }).stdout ?? "");
    const errors = out.split("\n").filter((line) => line.includes('"@level":"error"'));
    throw new Error(`terraform ${args[0]} failed: ${errors.join("\n")}`);
  }
};
const INIT = ["init", "-input=false", "-no-color", "-json"];
const APPLY = ["apply", "-json", "-auto-approve", "-input=false", "-no-color"];
const DESTROY = ["destroy", "-json", "-auto-approve", "-input=false", "-no-color"];

async function direct(serviceName: string, planName: string, i: number): Promise<number> {
  const root = await mkdtemp(join(tmpdir(), "bench-direct-sim-"));
  const example = EXAMPLES[`${serviceName}/${planName}`] ?? {};
  const common = { service: serviceName, plan: planName, instanceId: `direct-${serviceName}-${i}` };
  const instance = await synthesizeService({ ...common, parameters: example.parameters });
  const write = async (where: string, synthesis: SynthesisResult) => {
    await mkdir(where, { recursive: true });
    await writeFile(join(where, "cdk.tf.json"), JSON.stringify(synthesis.config, null, 2));
    await writeFile(join(where, "terraform.tfvars.json"), JSON.stringify(synthesis.variables));
  };
  const instanceDir = join(root, "instance");
  const bindingDir = join(root, "binding");
  const start = performance.now();
  await write(instanceDir, instance);
  await tf(instanceDir, ...INIT);
  await tf(instanceDir, ...APPLY);
  const state = JSON.parse(await readFile(join(instanceDir, "terraform.tfstate"), "utf8")) as {
    outputs: Record<string, { value: unknown }>;
  };
  const instanceOutputs = {
    ...Object.fromEntries(instance.outputs.map((name) => [name, null])),
    ...Object.fromEntries(Object.entries(state.outputs).map(([k, v]) => [k, v.value])),
  };
  const binding = await synthesizeService({
    ...common,
    kind: "binding",
    bindingId: `${common.instanceId}-b`,
    parameters: example.bind,
    instanceOutputs,
  });
  await write(bindingDir, binding);
  await tf(bindingDir, ...INIT);
  await tf(bindingDir, ...APPLY);
  await tf(bindingDir, ...INIT);
  await tf(bindingDir, ...DESTROY);
  await tf(instanceDir, ...INIT);
  await tf(instanceDir, ...DESTROY);
  const elapsed = performance.now() - start;
  await rm(root, { recursive: true, force: true });
  return elapsed;
}

const rows: (string | number)[][] = [];
for (const [serviceName, planName] of PLANS) {
  await throughBroker(serviceName, planName, -1); // warm-up
  await direct(serviceName, planName, -1);
  const brokerMs: number[] = [];
  const directMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    brokerMs.push(await throughBroker(serviceName, planName, i));
    directMs.push(await direct(serviceName, planName, i));
  }
  rows.push([
    `${serviceName}/${planName}`,
    ms(median(brokerMs), 0),
    ms(median(directMs), 0),
    `**${(median(brokerMs) / median(directMs)).toFixed(3)}**`,
  ]);
}
await stopBroker(broker);
await simulator.stop();
await rm(dir, { recursive: true, force: true });
console.log(
  `## Broker overhead on the simulator (provision, bind, unbind, deprovision; ${rounds} interleaved rounds; load average at start ${load})\n`,
);
console.log(
  table(
    [
      "plan",
      "through the broker (own process, polling 20 ms)",
      "terraform directly (8 commands)",
      "ratio (target <= 1.10)",
    ],
    rows,
  ),
);
