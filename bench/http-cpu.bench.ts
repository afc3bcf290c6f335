/**
 * CPU per request, in one process (no sockets, no client): the broker's hono app, composed as `serve`
 * composes it (state backend, OSB API, preview routes over the real runtime, file store), against a
 * bare hono app answering the same bodies, through `app.request()`, interleaved rounds. Robust to a
 * loaded machine where the open-loop HTTP bench (http-latency.bench.ts) is not: both sides get the
 * same core in turn. `app.request()` builds a Fetch Request itself, so what the broker saves by reading
 * node's request directly under @hono/node-server (src/http/body-limit.ts, request-header.ts) shows
 * only in http-latency.bench.ts's CPU-per-request column (each server process's CPU, from /proc).
 * Run with: node --import tsx bench/http-cpu.bench.ts [requests per round] [rounds]
 * Each round's figure is the process's CPU time (process.cpuUsage) per request, not wall time.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { loadConfig } from "../src/config/load-config.js";
import { createOsbApp } from "../src/http/create-osb-app.js";
import { createSilentLogger } from "../src/logging/logger.js";
import { createRuntime } from "../src/runtime/create-runtime.js";
import { createFileStore } from "../src/state/file-store.js";
import { CREDENTIALS, instancePath, provisionBody, testBrokerEnv } from "../test/helpers/broker-fixture.js";
import { basicAuthHeader } from "../test/helpers/osb-test-client.js";
import { median, table } from "./stats.js";

const perRound = Number(process.argv[2] ?? 2000);
const rounds = Number(process.argv[3] ?? 7);
const dir = await mkdtemp(join(tmpdir(), "bench-cpu-"));
const config = loadConfig(testBrokerEnv(dir));
const runtime = createRuntime(config, {
  logger: createSilentLogger(),
  store: () => createFileStore({ dir: config.stateDir }),
});
const terraform = await runtime.terraform();
const { broker } = await runtime.brokerSide();
const app = new Hono();
app.route("/", terraform.stateBackend);
app.route("/", createOsbApp({ broker, credentials: CREDENTIALS }));
const headers = {
  Authorization: basicAuthHeader(CREDENTIALS.username, CREDENTIALS.password),
  "X-Broker-API-Version": "2.17",
  "Content-Type": "application/json",
};
await app.request(instancePath("cpu-1"), {
  method: "PUT",
  headers,
  body: JSON.stringify(provisionBody({ message: "x" })),
});
const lastOpPath = "/v2/service_instances/cpu-1/last_operation";
for (let i = 0; i < 600; i++) {
  const body = (await (await app.request(lastOpPath, { headers })).json()) as { state?: string };
  if (body.state !== "in progress") break;
  await new Promise((r) => setTimeout(r, 50));
}
const endpoints = [
  ["GET /v2/catalog", "/v2/catalog"],
  ["GET .../last_operation", lastOpPath],
  ["GET /v2/service_instances/:id", "/v2/service_instances/cpu-1"],
] as const;
const bare = new Hono();
for (const [, path] of endpoints) {
  const response = await app.request(path, { headers });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${text}`);
  bare.get(path, (c) => c.body(text, 200, { "Content-Type": "application/json" }));
}

/** This process's CPU time (user + system) per request over one round, in µs: what a loaded machine's preemption does not add to. */
async function round(target: Hono, path: string): Promise<number> {
  const started = process.cpuUsage();
  for (let i = 0; i < perRound; i++) await (await target.request(path, { headers })).arrayBuffer();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / perRound;
}

const load1 = loadavg()
  .map((v) => v.toFixed(1))
  .join(" / ");
const rows: (string | number)[][] = [];
for (const [name, path] of endpoints) {
  const b: number[] = [];
  const h: number[] = [];
  await round(app, path);
  await round(bare, path);
  for (let r = 0; r < rounds; r++) {
    b.push(await round(app, path));
    h.push(await round(bare, path));
  }
  rows.push([
    name,
    `${median(b).toFixed(1)} µs`,
    `${median(h).toFixed(1)} µs`,
    `**${(median(b) / median(h)).toFixed(2)}**`,
  ]);
}
await runtime.close();
await rm(dir, { recursive: true, force: true });
console.log(
  `## HTTP CPU per request, in-process (app.request(), ${rounds} interleaved rounds of ${perRound}; load average at start ${load1})\n`,
);
console.log(table(["endpoint", "broker (median CPU µs/request)", "bare hono", "ratio"], rows));
process.exit(0);
