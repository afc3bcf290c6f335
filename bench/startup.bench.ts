/**
 * Start-up and CLI (issue 16 item 5), medians of interleaved rounds:
 * - `openstack-broker serve` (the real bin, default catalog/ and stacks/, SIMULATE=true) from spawn to
 *   the first 200 on GET /v2/catalog (polled every 10 ms); target <= 1 s;
 * - `openstack-broker plan` of a new terraform-test instance against terraform's own time for the
 *   same stack (init + plan + show run directly); target: plan adds <= 0.5 s;
 * - `openstack-broker --version` (the command line's own start);
 * - `serve` and `plan` again with the sources run through tsx (BROKER_DIST_DIR naming no build: what
 *   bin/openstack-broker.js falls back to), side by side: the ahead-of-time build's gain at this load.
 * Every round also reads the serving process's CPU time (user + system, /proc) at its first answer.
 * Run with: node --import tsx bench/startup.bench.ts [rounds]
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import definition from "../stacks/terraform-test/index.js";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { synthesize } from "../src/synth/synthesize.js";
import { CREDENTIALS, PLAN_ID, ROOT, testBrokerEnv } from "../test/helpers/broker-fixture.js";
import { basicAuthHeader } from "../test/helpers/osb-test-client.js";
import { median, ms, table } from "./stats.js";

const rounds = Number(process.argv[2] ?? 5);
const load = loadavg()
  .map((v) => v.toFixed(1))
  .join(" / ");
const dir = await mkdtemp(join(tmpdir(), "bench-startup-"));
const bin = join(ROOT, "bin/openstack-broker.js");
const baseEnv = { ...process.env, ...testBrokerEnv(dir), TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
await mkdir(join(dir, "plugins"), { recursive: true }); // testBrokerEnv's TF_PLUGIN_CACHE_DIR

const noBuild = { BROKER_DIST_DIR: join(dir, "no-build") };
/** The process's CPU time so far (user + system, ms), from /proc (Linux); NaN elsewhere. */
async function cpuMs(pid: number | undefined): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const fields = stat.split(") ")[1]?.split(" ");
  return fields ? (Number(fields[11]) + Number(fields[12])) * 10 : Number.NaN;
}
const cpu = { build: [] as number[], tsx: [] as number[] };

async function firstRequest(round: number, extra: Record<string, string> = {}): Promise<number> {
  const env = {
    ...baseEnv,
    ...extra,
    CATALOG_DIR: join(ROOT, "catalog"),
    SIMULATE: "true",
    STATE_DIR: join(dir, `serve-${round}`, "state"),
    WORK_DIR: join(dir, `serve-${round}`, "work"),
    SIMULATOR_DIR: join(dir, `serve-${round}`, "sim"),
    PORT: String(20000 + Math.floor(Math.random() * 20000)),
  };
  const started = performance.now();
  const child = spawn(process.execPath, [bin, "serve"], {
    env,
    stdio: ["ignore", "ignore", process.env.BENCH_DEBUG ? "inherit" : "ignore"],
  });
  const url = `http://127.0.0.1:${env.PORT}/v2/catalog`;
  const headers = {
    Authorization: basicAuthHeader(CREDENTIALS.username, CREDENTIALS.password),
    "X-Broker-API-Version": "2.17",
  };
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}`);
      const status = await fetch(url, { headers }).then(
        (r) => r.arrayBuffer().then(() => r.status),
        () => 0,
      );
      if (status === 200) {
        const elapsed = performance.now() - started;
        cpu[extra.BROKER_DIST_DIR ? "tsx" : "build"].push(await cpuMs(child.pid));
        return elapsed;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    // A serve that already exited (its random port was taken) has no exit event left to wait for.
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
  }
}

const timed = (fn: () => void) => {
  const started = performance.now();
  fn();
  return performance.now() - started;
};
const planArgs = ["plan", "--service", "terraform-test", "--plan", "default", "--params", '{"message":"hi"}', "--json"];
const cliPlan = (extra: Record<string, string> = {}) =>
  timed(() => {
    try {
      execFileSync(process.execPath, [bin, ...planArgs, "--instance-id", "bench-new"], {
        env: { ...baseEnv, ...extra },
        stdio: "pipe",
      });
    } catch (error) {
      if ((error as { status?: number }).status !== 2) throw error; // 2: changes
    }
  });

const catalog = await loadCatalog({ catalogDir: join(ROOT, "test/fixtures/catalog"), stacksDir: join(ROOT, "stacks") });
const plan = catalog.planById(PLAN_ID)!;
const synthesis = synthesize({
  definition,
  service: catalog.serviceOf(plan),
  plan,
  kind: "instance",
  values: { message: "hi" },
  instanceId: "bench-new",
  backend: "local",
});
async function terraformOwn(round: number): Promise<number> {
  const work = join(dir, `direct-${round}`);
  await mkdir(work, { recursive: true });
  await writeFile(join(work, "cdk.tf.json"), JSON.stringify(synthesis.config));
  await writeFile(join(work, "terraform.tfvars.json"), JSON.stringify(synthesis.variables));
  const tf = (...args: string[]) => execFileSync("terraform", args, { cwd: work, env: baseEnv, stdio: "pipe" });
  return timed(() => {
    tf("init", "-input=false", "-no-color", "-json");
    try {
      tf("plan", "-json", "-input=false", "-no-color", "-detailed-exitcode", "-lock=false", "-out=p.tfplan");
    } catch (error) {
      if ((error as { status?: number }).status !== 2) throw error;
    }
    tf("show", "-json", "-no-color", "p.tfplan");
  });
}
const version = () => timed(() => execFileSync(process.execPath, [bin, "--version"], { env: baseEnv, stdio: "pipe" }));

await firstRequest(-1); // warm-up: page cache, tsx's transform cache
cliPlan();
await terraformOwn(-1);
await firstRequest(-2, noBuild);
cpu.build.length = cpu.tsx.length = 0;
const samples = {
  serve: [] as number[],
  plan: [] as number[],
  terraform: [] as number[],
  version: [] as number[],
  serveTsx: [] as number[],
  planTsx: [] as number[],
};
for (let i = 0; i < rounds; i++) {
  samples.serve.push(await firstRequest(i));
  samples.plan.push(cliPlan());
  samples.terraform.push(await terraformOwn(i));
  samples.version.push(version());
  samples.serveTsx.push(await firstRequest(rounds + i, noBuild));
  samples.planTsx.push(cliPlan(noBuild));
}
await rm(dir, { recursive: true, force: true });
const added = median(samples.plan) - median(samples.terraform);
console.log(`## Start-up and CLI (${rounds} interleaved rounds, load average at start ${load})\n`);
console.log(
  table(
    ["what", "median", "target"],
    [
      [
        "`serve` (default catalog, SIMULATE=true): spawn to the first 200 on GET /v2/catalog",
        ms(median(samples.serve), 0),
        "<= 1000 ms",
      ],
      ["`openstack-broker plan` (new terraform-test instance, --json)", ms(median(samples.plan), 0), ""],
      ["terraform's own time for it (init + plan + show, run directly)", ms(median(samples.terraform), 0), ""],
      ["what `plan` adds", `**${ms(added, 0)}**`, "<= 500 ms"],
      ["`openstack-broker --version`", ms(median(samples.version), 0), ""],
      ["`serve`: CPU time of the broker process at its first answer", ms(median(cpu.build), 0), ""],
      ["`serve` with the sources through tsx (no build): spawn to the first 200", ms(median(samples.serveTsx), 0), ""],
      ["`serve` through tsx: CPU time at its first answer", ms(median(cpu.tsx), 0), ""],
      ["`plan` through tsx", ms(median(samples.planTsx), 0), ""],
      [
        "build / tsx, side by side: serve wall, serve CPU, plan",
        [
          median(samples.serve) / median(samples.serveTsx),
          median(cpu.build) / median(cpu.tsx),
          median(samples.plan) / median(samples.planTsx),
        ]
          .map((r) => r.toFixed(2))
          .join(" / "),
        "",
      ],
    ],
  ),
);
