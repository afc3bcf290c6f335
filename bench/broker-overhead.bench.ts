/**
 * Broker overhead: the terraform-test lifecycle (provision, deprovision) through the broker — HTTP,
 * records, synthesis, the http state backend, polling every 20 ms — against the same terraform
 * commands run directly on the same cdk.tf.json (init, apply, output; init, destroy; local backend).
 * Interleaved rounds, medians, one ratio. Target <= 1.10.
 * Run with: node --import tsx bench/broker-overhead.bench.ts [rounds]
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import definition from "../stacks/terraform-test/index.js";
import { synthesize } from "../src/synth/synthesize.js";
import { startTestBroker, deletePath, instancePath, provisionBody, PLAN_ID } from "../test/helpers/broker-fixture.js";
import { median, ms, table } from "./stats.js";

const rounds = Number(process.argv[2] ?? 10);
const t = await startTestBroker({ env: { CONCURRENCY: "1" } });
const plan = t.broker.catalog.planById(PLAN_ID)!;
const service = t.broker.catalog.serviceOf(plan);
const values = { message: "bench", sleep_seconds: 0, fail_after_first: false };

async function throughBroker(i: number): Promise<number> {
  const id = `bench-${i}`;
  const start = performance.now();
  await t.client.put(instancePath(id), provisionBody(values));
  await waitDone(id, 200);
  await t.client.delete(deletePath(id));
  await waitDone(id, 410);
  return performance.now() - start;
}

async function waitDone(id: string, status: number) {
  for (;;) {
    const response = await t.client.get(`/v2/service_instances/${id}/last_operation`);
    const body = (await response.json()) as { state?: string };
    if (response.status === status && (status === 410 || body.state === "succeeded")) return;
    if (body.state === "failed") throw new Error(`operation failed: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function direct(i: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "bench-direct-"));
  const synthesis = synthesize({
    definition,
    service,
    plan,
    kind: "instance",
    values,
    instanceId: `direct-${i}`,
    backend: "local",
  });
  const tf = (...args: string[]) =>
    execFileSync("terraform", args, {
      cwd: dir,
      env: {
        ...process.env,
        TF_IN_AUTOMATION: "1",
        CHECKPOINT_DISABLE: "1",
        TF_PLUGIN_CACHE_DIR: t.config.pluginCacheDir,
      },
      stdio: "pipe",
    });
  const start = performance.now();
  await writeFile(join(dir, "cdk.tf.json"), JSON.stringify(synthesis.config));
  await writeFile(join(dir, "terraform.tfvars.json"), JSON.stringify(synthesis.variables));
  tf("init", "-input=false", "-no-color");
  tf("apply", "-json", "-auto-approve", "-input=false", "-no-color");
  tf("output", "-json", "-no-color");
  tf("init", "-input=false", "-no-color");
  tf("destroy", "-json", "-auto-approve", "-input=false", "-no-color");
  const elapsed = performance.now() - start;
  await rm(dir, { recursive: true, force: true });
  return elapsed;
}

await mkdir(t.config.pluginCacheDir, { recursive: true });
await throughBroker(-1); // warm-up
await direct(-1);
const brokerMs: number[] = [];
const directMs: number[] = [];
for (let i = 0; i < rounds; i++) {
  brokerMs.push(await throughBroker(i));
  directMs.push(await direct(i));
}
await t.close();
const ratio = median(brokerMs) / median(directMs);
console.log(`## Broker overhead (terraform-test provision + deprovision, ${rounds} interleaved rounds)\n`);
console.log(
  table(
    ["path", "median", "min", "max"],
    [
      [
        "through the broker (HTTP, synthesis, http state backend, polling 20 ms)",
        ms(median(brokerMs), 0),
        ms(Math.min(...brokerMs), 0),
        ms(Math.max(...brokerMs), 0),
      ],
      [
        "terraform directly (same cdk.tf.json, local backend)",
        ms(median(directMs), 0),
        ms(Math.min(...directMs), 0),
        ms(Math.max(...directMs), 0),
      ],
    ],
  ),
);
console.log(`\nratio broker / direct (medians): **${ratio.toFixed(3)}** (target <= 1.10)`);
