/**
 * HTTP latency under load on loopback, the broker beside a bare hono app serving the same bodies:
 * both run as their own process (`openstack-broker serve`; bench/bare-hono.ts), this process sends
 * requests at a fixed rate (open loop: a request is sent on schedule whether or not earlier ones have
 * answered) to one then the other, endpoint by endpoint, and reports p50 / p99 and the p99 ratio.
 * Run with: node --import tsx bench/http-latency.bench.ts [rates, e.g. 1000,2000] [seconds per run]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { CREDENTIALS, ROOT, instancePath, provisionBody, testBrokerEnv } from "../test/helpers/broker-fixture.js";
import { basicAuthHeader } from "../test/helpers/osb-test-client.js";
import { percentile, ms, table } from "./stats.js";

const rates = (process.argv[2] ?? "1000,2000").split(",").map(Number);
const seconds = Number(process.argv[3] ?? 3);
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

const broker = await start([join(ROOT, "bin/openstack-broker.js"), "serve"], { ...process.env, ...testBrokerEnv(dir) });
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
const bare = await start(["--import", "tsx", join(ROOT, "bench/bare-hono.ts"), JSON.stringify(answers)], process.env);

interface Result {
  readonly p50: number;
  readonly p99: number;
  readonly count: number;
  readonly errors: number;
}

async function load(url: string, rate: number, runSeconds: number): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const total = Math.round(rate * runSeconds);
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sent = performance.now();
    pending.push(
      fetch(url, { headers }).then(
        async (response) => {
          await response.arrayBuffer();
          if (response.status !== 200) errors++;
          latencies.push(performance.now() - sent);
        },
        () => void errors++,
      ),
    );
  }
  await Promise.all(pending);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), count: latencies.length, errors };
}

const load1 = loadavg()
  .map((v) => v.toFixed(1))
  .join(" / ");
for (const [, path] of endpoints) {
  await load(`${broker.url}${path}`, 500, 1); // warm-up
  await load(`${bare.url}${path}`, 500, 1);
}
const rows: (string | number)[][] = [];
for (const rate of rates) {
  for (const [name, path] of endpoints) {
    const b = await load(`${broker.url}${path}`, rate, seconds);
    const h = await load(`${bare.url}${path}`, rate, seconds);
    rows.push([
      rate,
      name,
      `${b.count} / ${b.errors}`,
      ms(b.p50),
      ms(b.p99),
      ms(h.p50),
      ms(h.p99),
      `**${(b.p99 / h.p99).toFixed(2)}**`,
    ]);
  }
}
broker.child.kill("SIGTERM");
bare.child.kill("SIGTERM");
await rm(dir, { recursive: true, force: true });
console.log(
  `## HTTP latency under load (open loop, ${seconds} s per endpoint and server, loopback, broker and bare hono each in its own process; load average at start ${load1})\n`,
);
console.log(
  table(
    ["req/s", "endpoint", "broker requests / errors", "broker p50", "broker p99", "bare p50", "bare p99", "p99 ratio"],
    rows,
  ),
);
console.log("\nTarget: broker p99 / bare hono p99 <= 1.5 at 1,000 and 2,000 req/s.");
process.exit(0);
