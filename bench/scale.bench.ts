/**
 * Scale (issue 16 item 6): `instances` terraform-test provisions sent at once to a broker in its own
 * process (`openstack-broker serve`, default CONCURRENCY unless BENCH_CONCURRENCY is set), polled
 * every 500 ms (BENCH_POLL_MS) until all succeeded. Reports the wall time against the 2-core ideal — the CPU time
 * (user + system) of the same provision's terraform commands run directly (init + apply), times
 * `instances`, divided by the machine's cores — the broker's peak resident set, and the peak sum of
 * the resident sets of the terraform processes running at once (bounded by CONCURRENCY). Linux only.
 * Run with: node --import tsx bench/scale.bench.ts [instances]
 */
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import definition from "../stacks/terraform-test/index.js";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { synthesize } from "../src/synth/synthesize.js";
import {
  CREDENTIALS,
  PLAN_ID,
  ROOT,
  instancePath,
  provisionBody,
  testBrokerEnv,
} from "../test/helpers/broker-fixture.js";
import { spawnBroker, stopBroker } from "../test/helpers/broker-process.js";
import { basicAuthHeader } from "../test/helpers/osb-test-client.js";
import { median, table } from "./stats.js";

const instances = Number(process.argv[2] ?? 200);
/** BENCH_POLL_MS: each client's polling interval (default 500 ms). */
const pollMs = Number(process.env.BENCH_POLL_MS ?? 500);
const cores = cpus().length;
const load = loadavg()
  .map((v) => v.toFixed(1))
  .join(" / ");
const dir = await mkdtemp(join(tmpdir(), "bench-scale-"));
const pluginCacheDir = join(dir, "plugins");
await mkdir(pluginCacheDir, { recursive: true });

/** CPU seconds (user + system) of this process's waited-for children, from /proc/self/stat. */
function childCpuSeconds(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  // After the ") ": field 3 is index 0; cutime is field 16, cstime field 17 (clock ticks, 100 per second).
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

// The 2-core ideal: the CPU of one provision's terraform commands run directly.
const catalog = await loadCatalog({ catalogDir: join(ROOT, "test/fixtures/catalog"), stacksDir: join(ROOT, "stacks") });
const plan = catalog.planById(PLAN_ID)!;
const service = catalog.serviceOf(plan);
const values = { message: "scale", sleep_seconds: 0, fail_after_first: false };
const env = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_PLUGIN_CACHE_DIR: pluginCacheDir };
const directCpu: number[] = [];
for (let i = 0; i < 6; i++) {
  const work = join(dir, `direct-${i}`);
  await mkdir(work);
  const synthesis = synthesize({
    definition,
    service,
    plan,
    kind: "instance",
    values,
    instanceId: `d-${i}`,
    backend: "local",
  });
  await writeFile(join(work, "cdk.tf.json"), JSON.stringify(synthesis.config));
  await writeFile(join(work, "terraform.tfvars.json"), JSON.stringify(synthesis.variables));
  const before = childCpuSeconds();
  execFileSync("terraform", ["init", "-input=false", "-no-color", "-json"], { cwd: work, env, stdio: "pipe" });
  execFileSync("terraform", ["apply", "-json", "-auto-approve", "-input=false", "-no-color"], {
    cwd: work,
    env,
    stdio: "pipe",
  });
  if (i > 0) directCpu.push(childCpuSeconds() - before);
}
const idealSeconds = (median(directCpu) * instances) / cores;

interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly name: string;
  readonly rssKb: number;
}
function tree(root: number): Proc[] {
  const all: Proc[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      const field = (name: string) => new RegExp(`^${name}:\\s*(\\S+)`, "m").exec(status)?.[1] ?? "";
      // A zombie (exited, not yet reaped) runs nothing: not counted.
      if (field("State").startsWith("Z")) continue;
      all.push({
        pid: Number(entry),
        ppid: Number(field("PPid")),
        name: field("Name"),
        rssKb: Number(field("VmRSS") || 0),
      });
    } catch {
      // the process ended while we looked
    }
  }
  const members = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) if (!members.has(p.pid) && members.has(p.ppid)) members.add(p.pid), (grew = true);
  }
  return all.filter((p) => members.has(p.pid));
}

/** CPU seconds of a process: its own (user + system) and its waited-for children's. */
function cpuOf(pid: number): { self: number; children: number } {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return {
      self: (Number(fields[11]) + Number(fields[12])) / 100,
      children: (Number(fields[13]) + Number(fields[14])) / 100,
    };
  } catch {
    return { self: 0, children: 0 };
  }
}

const concurrencyEnv = process.env.BENCH_CONCURRENCY ? { CONCURRENCY: process.env.BENCH_CONCURRENCY } : {};
const broker = await spawnBroker({ ...testBrokerEnv(dir), ...concurrencyEnv });
const rootPid = broker.child.pid!;
const headers = {
  Authorization: basicAuthHeader(CREDENTIALS.username, CREDENTIALS.password),
  "X-Broker-API-Version": "2.17",
  "Content-Type": "application/json",
};
const idle = tree(rootPid).find((p) => p.pid === rootPid)?.rssKb ?? 0;
const peak = { brokerKb: 0, helperKb: 0, terraformSumKb: 0, terraformCount: 0 };
let helperPid: number | undefined;
const sampler = setInterval(() => {
  const members = tree(rootPid);
  // Not a terraform's own child named terraform: that is its fork for a local-exec before the exec
  // (same pages as its parent: its RSS would count twice).
  const terraformPids = new Set(members.filter((p) => p.name === "terraform").map((p) => p.pid));
  const terraform = members.filter((p) => terraformPids.has(p.pid) && !terraformPids.has(p.ppid));
  peak.brokerKb = Math.max(peak.brokerKb, members.find((p) => p.pid === rootPid)?.rssKb ?? 0);
  // The spawn helper (TERRAFORM_SPAWN_HELPER): the broker's node child.
  const helper = members.find((p) => p.ppid === rootPid && p.name === "node");
  if (helper) (helperPid = helper.pid), (peak.helperKb = Math.max(peak.helperKb, helper.rssKb));
  peak.terraformSumKb = Math.max(
    peak.terraformSumKb,
    terraform.reduce((n, p) => n + p.rssKb, 0),
  );
  peak.terraformCount = Math.max(peak.terraformCount, terraform.length);
}, 100);

const started = performance.now();
const ids = Array.from({ length: instances }, (_, i) => `scale-${i}`);
await Promise.all(
  ids.map(async (id) => {
    const put = await fetch(`${broker.url}${instancePath(id)}`, {
      method: "PUT",
      headers,
      body: JSON.stringify(provisionBody(values)),
    });
    if (put.status !== 202) throw new Error(`${id}: provision answered ${put.status} ${await put.text()}`);
    for (;;) {
      await new Promise((r) => setTimeout(r, pollMs));
      const response = await fetch(`${broker.url}/v2/service_instances/${id}/last_operation`, { headers });
      const body = (await response.json()) as { state?: string };
      if (body.state === "succeeded") return;
      if (body.state === "failed") throw new Error(`${id}: ${JSON.stringify(body)}`);
    }
  }),
);
const wallSeconds = (performance.now() - started) / 1000;
clearInterval(sampler);
// Everything's CPU: the broker, its helper, and the terraform processes they waited for.
const brokerCpu = cpuOf(rootPid);
const helperCpu = helperPid === undefined ? { self: 0, children: 0 } : cpuOf(helperPid);
// The helper still runs (not waited for): its children are not in the broker's.
const terraformCpuSeconds = brokerCpu.children + helperCpu.children;
await stopBroker(broker);
await rm(dir, { recursive: true, force: true });

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
console.log(
  `## Scale (${instances} terraform-test provisions at once, ${concurrencyEnv.CONCURRENCY ?? "default"} CONCURRENCY, ${cores} cores, load average at start ${load})\n`,
);
console.log(
  table(
    ["what", "measured", "target"],
    [
      [
        `wall time, all provisioned (polling every ${pollMs} ms)`,
        `${wallSeconds.toFixed(1)} s`,
        `<= 1.2 x ideal = ${(1.2 * idealSeconds).toFixed(1)} s`,
      ],
      [
        `2-core ideal: ${instances} x ${median(directCpu).toFixed(3)} CPU s (init + apply run directly) / ${cores}`,
        `${idealSeconds.toFixed(1)} s`,
        "",
      ],
      ["ratio wall / ideal", `**${(wallSeconds / idealSeconds).toFixed(2)}**`, "<= 1.2"],
      ["broker resident set, idle / peak", `${mb(idle)} / ${mb(peak.brokerKb)}`, "< 250 MB"],
      ["spawn helper resident set, peak", helperPid === undefined ? "(none)" : mb(peak.helperKb), ""],
      [
        "CPU: broker / spawn helper / terraform (and its providers)",
        `${brokerCpu.self.toFixed(1)} s / ${helperCpu.self.toFixed(1)} s / ${terraformCpuSeconds.toFixed(1)} s`,
        "",
      ],
      [
        "CPU used / cores x wall time",
        `${(((brokerCpu.self + helperCpu.self + terraformCpuSeconds) / (cores * wallSeconds)) * 100).toFixed(0)} %`,
        "",
      ],
      [
        `terraform processes: peak count / peak resident-set sum`,
        `${peak.terraformCount} / ${mb(peak.terraformSumKb)}`,
        "count <= CONCURRENCY",
      ],
    ],
  ),
);
