/**
 * Catalog and last_operation latency under load on loopback: the broker runs as its own process
 * (`openstack-broker serve`), this process sends requests at a fixed rate (open loop: a request is
 * sent on schedule whether or not earlier ones have answered) and reports p50 / p99.
 * Run with: node --import tsx bench/http-latency.bench.ts [rate-per-second] [seconds]
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CREDENTIALS, ROOT, instancePath, provisionBody, testBrokerEnv } from "../test/helpers/broker-fixture.js";
import { basicAuthHeader } from "../test/helpers/osb-test-client.js";
import { percentile, ms, table } from "./stats.js";

const rate = Number(process.argv[2] ?? 200);
const seconds = Number(process.argv[3] ?? 5);
const dir = await mkdtemp(join(tmpdir(), "bench-http-"));
const child = spawn(process.execPath, [join(ROOT, "bin/openstack-broker.js"), "serve"], {
  env: { ...process.env, ...testBrokerEnv(dir) },
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
const headers = {
  Authorization: basicAuthHeader(CREDENTIALS.username, CREDENTIALS.password),
  "X-Broker-API-Version": "2.17",
  "Content-Type": "application/json",
};
await fetch(`${url}${instancePath("load-1")}`, {
  method: "PUT",
  headers,
  body: JSON.stringify(provisionBody({ message: "x" })),
});

async function load(path: string): Promise<{ p50: number; p99: number; count: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const total = rate * seconds;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sent = performance.now();
    pending.push(
      fetch(`${url}${path}`, { headers }).then(
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

await load("/v2/catalog"); // warm-up
const catalog = await load("/v2/catalog");
const lastOp = await load("/v2/service_instances/load-1/last_operation");
child.kill("SIGTERM");
await rm(dir, { recursive: true, force: true });
console.log(
  `## HTTP latency under load (${rate} requests/s for ${seconds} s, open loop, loopback, broker in its own process)\n`,
);
console.log(
  table(
    ["endpoint", "requests", "errors", "p50", "p99"],
    [
      ["GET /v2/catalog", catalog.count, catalog.errors, ms(catalog.p50), ms(catalog.p99)],
      ["GET /v2/service_instances/:id/last_operation", lastOp.count, lastOp.errors, ms(lastOp.p50), ms(lastOp.p99)],
    ],
  ),
);
process.exit(0);
