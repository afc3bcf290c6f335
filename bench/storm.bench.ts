/**
 * Responsiveness under a storm: last_operation p99 at 200 req/s (open loop) on a ready instance while
 * 20 provisions of terraform-test run (CONCURRENCY=20), and the wall time of those 20 provisions;
 * once with terraform niced (TERRAFORM_NICENESS=10, the default) and once at the broker's priority
 * (0), interleaved rounds, the broker in its own process each time.
 * Run with: node --import tsx bench/storm.bench.ts [rounds]
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { CREDENTIALS, ROOT, instancePath, provisionBody, testBrokerEnv } from "../test/helpers/broker-fixture.js";
import { basicAuthHeader } from "../test/helpers/osb-test-client.js";
import { median, ms, percentile, table } from "./stats.js";

const rounds = Number(process.argv[2] ?? 2);
const STORM = 20;
const RATE = 200;
const headers = {
  Authorization: basicAuthHeader(CREDENTIALS.username, CREDENTIALS.password),
  "X-Broker-API-Version": "2.17",
  "Content-Type": "application/json",
};

async function startBroker(dir: string, niceness: number) {
  const env = {
    ...process.env,
    ...testBrokerEnv(dir, { CONCURRENCY: String(STORM), TERRAFORM_NICENESS: String(niceness) }),
  };
  const nodeArgs = process.env.BENCH_BROKER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, "bin/openstack-broker.js"), "serve"], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve) => {
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
  });
  return { child, url };
}

const state = async (url: string, id: string) =>
  ((await (await fetch(`${url}/v2/service_instances/${id}/last_operation`, { headers })).json()) as { state?: string })
    .state;

async function provisionAndWait(url: string, id: string): Promise<void> {
  await fetch(`${url}${instancePath(id)}`, {
    method: "PUT",
    headers,
    body: JSON.stringify(provisionBody({ message: id })),
  });
  while ((await state(url, id)) === "in progress") await new Promise((r) => setTimeout(r, 100));
}

/** The broker's event-loop delay since the previous scrape (prom-client resets it per scrape) and its CPU seconds. */
async function scrape(url: string): Promise<{ lagMaxMs: number; lagP99Ms: number; cpuSeconds: number }> {
  const text = await (await fetch(`${url}/metrics`, { headers })).text();
  const value = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)`, "m").exec(text)?.[1] ?? Number.NaN);
  return {
    lagMaxMs: value("openstack_broker_nodejs_eventloop_lag_max_seconds") * 1000,
    lagP99Ms: value("openstack_broker_nodejs_eventloop_lag_p99_seconds") * 1000,
    cpuSeconds: value("openstack_broker_process_cpu_seconds_total"),
  };
}

interface RoundResult {
  readonly p99: number;
  readonly p50: number;
  readonly wallMs: number;
  readonly errors: number;
  /** The broker's event-loop delay during the storm. */
  readonly lagMaxMs: number;
  readonly lagP99Ms: number;
  /** The broker's own CPU during the storm. */
  readonly brokerCpuS: number;
}

async function round(niceness: number): Promise<RoundResult> {
  const dir = await mkdtemp(join(tmpdir(), "bench-storm-"));
  const { child, url } = await startBroker(dir, niceness);
  try {
    await provisionAndWait(url, "ready-1");
    const latencies: number[] = [];
    let errors = 0;
    let stop = false;
    const pending: Promise<void>[] = [];
    const poller = (async () => {
      const start = performance.now();
      for (let i = 0; !stop; i++) {
        const wait = start + (i * 1000) / RATE - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const sent = performance.now();
        pending.push(
          fetch(`${url}/v2/service_instances/ready-1/last_operation`, { headers }).then(
            async (r) => {
              await r.arrayBuffer();
              if (r.status !== 200) errors++;
              latencies.push(performance.now() - sent);
            },
            () => void errors++,
          ),
        );
      }
    })();
    const before = await scrape(url);
    const started = performance.now();
    await Promise.all(Array.from({ length: STORM }, (_, i) => provisionAndWait(url, `storm-${i}`)));
    const wallMs = performance.now() - started;
    const after = await scrape(url);
    stop = true;
    await poller;
    await Promise.all(pending);
    return {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      wallMs,
      errors,
      lagMaxMs: after.lagMaxMs,
      lagP99Ms: after.lagP99Ms,
      brokerCpuS: after.cpuSeconds - before.cpuSeconds,
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await rm(dir, { recursive: true, force: true });
  }
}

const load1 = loadavg()
  .map((v) => v.toFixed(1))
  .join(" / ");
const results: Record<number, RoundResult[]> = { 10: [], 0: [] };
for (let r = 0; r < rounds; r++) for (const niceness of [10, 0]) results[niceness].push(await round(niceness));
console.log(
  `## Responsiveness under a storm (${STORM} terraform-test provisions at once, CONCURRENCY=${STORM}, last_operation at ${RATE} req/s open loop meanwhile; medians of ${rounds} interleaved rounds; load average at start ${load1})\n`,
);
console.log(
  table(
    [
      "terraform",
      "last_operation p50",
      "last_operation p99",
      "errors",
      "20 provisions wall time",
      "broker event-loop delay p99 / max",
      "broker CPU",
    ],
    [10, 0].map((n) => [
      n === 10 ? "niced (TERRAFORM_NICENESS=10, default)" : "same priority (TERRAFORM_NICENESS=0)",
      ms(median(results[n].map((x) => x.p50))),
      ms(median(results[n].map((x) => x.p99))),
      results[n].reduce((s, x) => s + x.errors, 0),
      ms(median(results[n].map((x) => x.wallMs)), 0),
      `${ms(median(results[n].map((x) => x.lagP99Ms)))} / ${ms(median(results[n].map((x) => x.lagMaxMs)))}`,
      `${median(results[n].map((x) => x.brokerCpuS)).toFixed(2)} s`,
    ]),
  ),
);
console.log("\nTarget: last_operation p99 <= 50 ms while the provisions run, with no loss of provision throughput.");
process.exit(0);
