/**
 * HTTP latency under load on loopback, the broker beside a bare hono app serving the same bodies:
 * both run as their own process (`openstack-broker serve`; bench/bare-hono.ts), and so does the load
 * generator (bench/open-loop-client.mjs, a fresh one per rate and endpoint): it sends requests at a
 * fixed rate (open loop: a request is sent on schedule whether or not earlier ones have answered) to
 * both servers in alternating slices, and this process reports p50 / p99, the p99 ratio and the
 * generator's own event-loop delay (when that is large, both sides' p99 are the generator's).
 * Run with: node --import tsx bench/http-latency.bench.ts [rates, e.g. 1000,2000] [seconds per run] [slices]
 * (BROKER_NODE_ARGS / BARE_NODE_ARGS: node flags for one server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p")
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { CREDENTIALS, ROOT, instancePath, provisionBody, testBrokerEnv } from "../test/helpers/broker-fixture.js";
import { basicAuthHeader } from "../test/helpers/osb-test-client.js";
import { percentile, ms, table } from "./stats.js";

const rates = (process.argv[2] ?? "1000,2000").split(",").map(Number);
const seconds = Number(process.argv[3] ?? 3);
/** Each server's run is cut into this many slices, alternating A B B A... (open-loop-client.mjs). */
const slices = Number(process.argv[4] ?? 6);
const dir = await mkdtemp(join(tmpdir(), "bench-http-"));

async function start(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve) => {
    let out = "";
    child.stdout?.on("data", (c) => {
      out += c;
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
  });
  return { child, url };
}

// BROKER_NODE_ARGS / BARE_NODE_ARGS: node flags for one side only (e.g. --cpu-prof, --trace-gc).
const nodeArgs = (name: string) => (process.env[name] ?? "").split(" ").filter(Boolean);
const broker = await start([...nodeArgs("BROKER_NODE_ARGS"), join(ROOT, "bin/openstack-broker.js"), "serve"], {
  ...process.env,
  ...testBrokerEnv(dir),
});
const headers = {
  Authorization: basicAuthHeader(CREDENTIALS.username, CREDENTIALS.password),
  "X-Broker-API-Version": "2.17",
  "Content-Type": "application/json",
};
await fetch(`${broker.url}${instancePath("load-1")}`, {
  method: "PUT",
  headers,
  body: JSON.stringify(provisionBody({ message: "x" })),
});
const lastOpPath = "/v2/service_instances/load-1/last_operation";
for (let i = 0; i < 600; i++) {
  const body = (await (await fetch(`${broker.url}${lastOpPath}`, { headers })).json()) as { state?: string };
  if (body.state !== "in progress") break;
  await new Promise((r) => setTimeout(r, 50));
}
const endpoints = [
  ["GET /v2/catalog", "/v2/catalog"],
  ["GET /v2/service_instances/:id/last_operation", lastOpPath],
  ["GET /v2/service_instances/:id", "/v2/service_instances/load-1"],
] as const;
const answers: Record<string, { status: number; body: string }> = {};
for (const [, path] of endpoints) {
  const response = await fetch(`${broker.url}${path}`, { headers });
  answers[path] = { status: response.status, body: await response.text() };
}
const bare = await start(
  [...nodeArgs("BARE_NODE_ARGS"), "--import", "tsx", join(ROOT, "bench/bare-hono.ts"), JSON.stringify(answers)],
  process.env,
);

/** CPU seconds (user + system) a process has used so far, from /proc (Linux; NaN elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return Number.NaN;
  }
}

/** One client process per rate and endpoint (bench/open-loop-client.mjs), alternating the two servers. */
async function measure(path: string, rate: number): Promise<Result[]> {
  const args = JSON.stringify({
    targets: [`${broker.url}${path}`, `${bare.url}${path}`],
    rate,
    seconds,
    slices,
    headers,
  });
  const child = spawn(process.execPath, [join(ROOT, "bench/open-loop-client.mjs"), args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout?.on("data", (chunk) => (out += chunk));
  const cpuBefore = [cpuSeconds(broker.child.pid), cpuSeconds(bare.child.pid)];
  await new Promise((resolve) => child.on("exit", resolve));
  const cpu = [cpuSeconds(broker.child.pid) - cpuBefore[0], cpuSeconds(bare.child.pid) - cpuBefore[1]];
  const report = JSON.parse(out) as {
    results: { latencies: number[]; errors: number }[];
    clientEldP99Ms: number;
    clientEldMaxMs: number;
  };
  return report.results.map((r, i) => ({
    cpuPerRequestUs: (cpu[i] * 1e6) / r.latencies.length,
    p50: percentile(r.latencies, 50),
    p99: percentile(r.latencies, 99),
    count: r.latencies.length,
    errors: r.errors,
    clientEldP99: report.clientEldP99Ms,
  }));
}

interface Result {
  readonly p50: number;
  readonly p99: number;
  readonly count: number;
  readonly errors: number;
  /** The server process's CPU over the run (warm-up included) per measured request. */
  readonly cpuPerRequestUs: number;
  /** The load generator's own event-loop delay p99 over the run (its stalls show as latency on both sides). */
  readonly clientEldP99: number;
}

const load1 = loadavg()
  .map((v) => v.toFixed(1))
  .join(" / ");
const rows: (string | number)[][] = [];
for (const rate of rates) {
  for (const [name, path] of endpoints) {
    const [b, h] = await measure(path, rate);
    rows.push([
      rate,
      name,
      `${b.count} / ${b.errors}`,
      ms(b.p50),
      ms(b.p99),
      ms(h.p50),
      ms(h.p99),
      `**${(b.p99 / h.p99).toFixed(2)}**`,
      `${b.cpuPerRequestUs.toFixed(0)} / ${h.cpuPerRequestUs.toFixed(0)} µs`,
      ms(b.clientEldP99),
    ]);
  }
}
broker.child.kill("SIGTERM");
bare.child.kill("SIGTERM");
await rm(dir, { recursive: true, force: true });
console.log(
  `## HTTP latency under load (open loop, ${seconds} s per endpoint and server in ${slices} alternating slices, loopback; broker, bare hono and the load generator each in its own process; load average at start ${load1})\n`,
);
console.log(
  table(
    [
      "req/s",
      "endpoint",
      "broker requests / errors",
      "broker p50",
      "broker p99",
      "bare p50",
      "bare p99",
      "p99 ratio",
      "CPU per request broker / bare",
      "client loop delay p99",
    ],
    rows,
  ),
);
console.log("\nTarget: broker p99 / bare hono p99 <= 1.5 at 1,000 and 2,000 req/s.");
process.exit(0);
