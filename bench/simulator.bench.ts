/**
 * Benchmarks of the OpenStack simulator provider (issue 4). Run:
 *   node --import tsx bench/simulator.bench.ts [--runs N]
 * Prints a markdown table: provider start time, and plan/apply time per resource for a
 * 10-resource stack in both wiring modes, against terraform's own time for 10 built-in
 * terraform_data resources (no provider at all). Medians over N runs (default 5).
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { createSimulatorMirror, startSimulator } from "../src/simulator/index.js";
import { generatePluginCertificate } from "../src/simulator/tls-cert.js";

const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
const RESOURCES = 10;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value: number) => `${value.toFixed(0)} ms`;

/** `count` resources: networks, each but the first paired with a subnet (10 → 5 networks + 5 subnets). */
function openstackStack(count = RESOURCES) {
  const networks: Record<string, unknown> = {};
  const subnets: Record<string, unknown> = {};
  for (let i = 0; i < Math.ceil(count / 2); i++) networks[`net${i}`] = { name: `net-${i}` };
  for (let i = 0; i < Math.floor(count / 2); i++) {
    subnets[`subnet${i}`] = { network_id: `\${openstack_networking_network_v2.net${i}.id}`, cidr: `10.${i}.0.0/24` };
  }
  return {
    terraform: {
      required_providers: { openstack: { source: "terraform-provider-openstack/openstack", version: "3.4.0" } },
    },
    provider: { openstack: [{}] },
    resource: {
      openstack_networking_network_v2: networks,
      ...(count > 1 ? { openstack_networking_subnet_v2: subnets } : {}),
    },
  };
}

function builtinStack(count = RESOURCES) {
  const items: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) items[`item${i}`] = { input: `value-${i}` };
  return { resource: { terraform_data: items } };
}

async function timed(cwd: string, env: Record<string, string>, ...args: string[]): Promise<number> {
  const started = performance.now();
  const result = await execa("terraform", args, { cwd, env, reject: false });
  if (result.exitCode !== 0) throw new Error(`terraform ${args.join(" ")} failed in ${cwd}:\n${result.stderr}`);
  return performance.now() - started;
}

/** init once, then RUNS x (plan, apply, destroy) in a fresh directory; medians. */
async function measureStack(root: string, name: string, config: object, env: Record<string, string>) {
  const plans: number[] = [];
  const applies: number[] = [];
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "main.tf.json"), JSON.stringify(config));
  const init = await timed(dir, env, "init", "-input=false", "-no-color");
  for (let run = 0; run < RUNS; run++) {
    plans.push(await timed(dir, env, "plan", "-input=false", "-no-color", "-out=tfplan"));
    applies.push(await timed(dir, env, "apply", "-input=false", "-no-color", "-auto-approve"));
    await timed(dir, env, "destroy", "-input=false", "-no-color", "-auto-approve");
  }
  return { init, plan: median(plans), apply: median(applies) };
}

/** Time from spawning the launcher to the go-plugin handshake line on stdout. */
async function launcherStart(launcher: string, env: Record<string, string>): Promise<{ wall: number; cpu: number }> {
  const client = generatePluginCertificate();
  const started = performance.now();
  const child = spawn(launcher, [], {
    env: {
      ...env,
      OPENSTACK_SIM_TRACE: "1",
      PLUGIN_CLIENT_CERT: client.certPem,
      TF_PLUGIN_MAGIC_COOKIE: "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise((resolve) => child.stdout.once("data", resolve));
  const wall = performance.now() - started;
  const report = await new Promise<string>((resolve) =>
    child.stderr.once("data", (chunk: Buffer) => resolve(chunk.toString())),
  );
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  return { wall, cpu: Number(/cpu ([\d.]+) ms/.exec(report)?.[1] ?? NaN) };
}

async function main() {
  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(" / ");
  const root = await mkdtemp(join(tmpdir(), "os-sim-bench-"));
  const baseEnv: Record<string, string> = {
    ...(process.env as Record<string, string>),
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
  };
  delete baseEnv.TF_PLUGIN_CACHE_DIR;
  const emptyRc = join(root, "empty.tfrc");
  await writeFile(emptyRc, "");
  try {
    // Start times.
    // In-process: the first start in a process also loads the protos and the schema (cold).
    const reattachStarts: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const started = performance.now();
      const sim = await startSimulator({ stateDir: join(root, `start-${run}`), socketDir: root, env: {} });
      if (run === 0) {
        const dir = join(root, "cold");
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, "main.tf.json"), JSON.stringify(openstackStack()));
        await timed(dir, { ...baseEnv, TF_CLI_CONFIG_FILE: emptyRc, ...sim.env }, "init", "-input=false", "-no-color"); // first GetProviderSchema
      }
      reattachStarts.push(performance.now() - started);
      await sim.stop();
    }
    const coldInit = reattachStarts.shift()!;
    const childStarts: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const sim = await startSimulator({ stateDir: join(root, `child-${run}`), socketDir: root, env: {}, child: true });
      childStarts.push(performance.now() - started);
      await sim.stop();
    }
    const mirror = await createSimulatorMirror({
      stateDir: join(root, "faithful-cloud"),
      dir: join(root, "mirror"),
      env: {},
    });
    const launcher = join(
      root,
      "mirror",
      "mirror",
      "registry.terraform.io",
      "terraform-provider-openstack",
      "openstack",
      "3.4.0",
      `linux_${process.arch === "x64" ? "amd64" : process.arch}`,
      "terraform-provider-openstack_v3.4.0",
    );
    await launcherStart(launcher, { ...baseEnv, ...mirror.env }); // writes the V8 code cache
    const launchedStarts: number[] = [];
    const launchedCpu: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = await launcherStart(launcher, { ...baseEnv, ...mirror.env });
      launchedStarts.push(start.wall);
      launchedCpu.push(start.cpu);
    }

    // Stacks.
    const builtinEnv = { ...baseEnv, TF_CLI_CONFIG_FILE: emptyRc };
    const builtin = await measureStack(root, "builtin", builtinStack(), builtinEnv);
    const builtin1 = await measureStack(root, "builtin1", builtinStack(1), builtinEnv);
    const sim = await startSimulator({ stateDir: join(root, "reattach-cloud"), socketDir: root, env: {} });
    const reattachEnv = { ...baseEnv, TF_CLI_CONFIG_FILE: emptyRc, ...sim.env };
    const reattach = await measureStack(root, "reattach", openstackStack(), reattachEnv);
    const reattach1 = await measureStack(root, "reattach1", openstackStack(1), reattachEnv);
    await sim.stop();
    const faithful = await measureStack(root, "faithful", openstackStack(), { ...baseEnv, ...mirror.env });
    const faithful1 = await measureStack(root, "faithful1", openstackStack(1), { ...baseEnv, ...mirror.env });
    type Timing = { plan: number; apply: number };
    const marginal = (ten: Timing, one: Timing, key: "plan" | "apply") => (ten[key] - one[key]) / (RESOURCES - 1);
    const extra = (ten: Timing, one: Timing, key: "plan" | "apply") =>
      `${(marginal(ten, one, key) - marginal(builtin, builtin1, key)).toFixed(1)} ms`;

    const per = (value: number) => `${(value / RESOURCES).toFixed(1)} ms`;
    const over = (value: number, base: number) => `${((value - base) / RESOURCES).toFixed(1)} ms`;
    const lines = [
      `Simulator benchmark — ${RESOURCES}-resource stack (5 networks + 5 subnets), medians of ${RUNS} runs, ` +
        `terraform 1.11.4, node ${process.version}, ${cpus().length} CPUs, load average at start ${load}`,
      "",
      "| metric | built-in only (terraform's own time) | reattach (fast) | faithful (launched) | target |",
      "|---|---|---|---|---|",
      `| provider start | – | ${ms(median(reattachStarts))} in-process (warm); ${ms(median(childStarts))} as a child (spawn → handshake) | ${ms(median(launchedStarts))} (spawn → handshake; ${ms(median(launchedCpu))} CPU) | ≤ 150 ms |`,
      `| first init in a fresh process (start + proto/schema load + terraform init) | – | ${ms(coldInit)} | – | |`,
      `| init | ${ms(builtin.init)} | ${ms(reattach.init)} | ${ms(faithful.init)} | |`,
      `| plan (10 resources) | ${ms(builtin.plan)} | ${ms(reattach.plan)} | ${ms(faithful.plan)} | |`,
      `| apply (10 resources) | ${ms(builtin.apply)} | ${ms(reattach.apply)} | ${ms(faithful.apply)} | |`,
      `| plan per resource | ${per(builtin.plan)} | ${per(reattach.plan)} | ${per(faithful.plan)} | |`,
      `| apply per resource | ${per(builtin.apply)} | ${per(reattach.apply)} | ${per(faithful.apply)} | |`,
      `| apply: (10-resource − built-in) / 10 | – | ${over(reattach.apply, builtin.apply)} | ${over(faithful.apply, builtin.apply)} | |`,
      `| plan: (10-resource − built-in) / 10 | – | ${over(reattach.plan, builtin.plan)} | ${over(faithful.plan, builtin.plan)} | |`,
      `| apply: marginal ms per resource ((10 − 1 resources) / 9) | ${marginal(builtin, builtin1, "apply").toFixed(1)} ms | ${marginal(reattach, reattach1, "apply").toFixed(1)} ms | ${marginal(faithful, faithful1, "apply").toFixed(1)} ms | |`,
      `| apply: marginal per resource over terraform's own | – | ${extra(reattach, reattach1, "apply")} | ${extra(faithful, faithful1, "apply")} | ≤ 20 ms (reattach) |`,
      `| plan: marginal per resource over terraform's own | – | ${extra(reattach, reattach1, "plan")} | ${extra(faithful, faithful1, "plan")} | |`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
