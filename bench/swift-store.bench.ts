/**
 * Swift state store overhead: direct Swift PUT/GET (keep-alive, cached token) against the same
 * through the store (encryption + retry layer) and through the broker's terraform http backend
 * (GET / POST over HTTP, Swift store behind it), and a whole broker lifecycle on the Swift store vs
 * the file store. Medians over interleaved rounds; target: backend / direct <= 1.3. Needs
 * scripts/openstack-dev/start.sh (cloud `demo`).
 * Run with: node --import tsx bench/swift-store.bench.ts
 */
import http from "node:http";
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { loadCloudConfig } from "../src/cloud/clouds-yaml.js";
import { createKeyring } from "../src/state/crypto/keyring.js";
import { createSwiftStore } from "../src/state/swift/create-swift-store.js";
import { createStateBackend } from "../src/http/state-backend.js";
import { createRunCredentialIssuer } from "../src/workspace/run-credentials.js";
import { median, ms, percentile, table } from "./stats.js";
import { countingStore, type StoreCounts } from "./counting-store.js";
import { criticalPath, formatTrace, requestsByOrigin, tracingStore } from "./tracing-store.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config/load-config.js";
import { startBroker } from "../src/cli/start-broker.js";
import { createOsbTestClient } from "../test/helpers/osb-test-client.js";
import { createSilentLogger } from "../src/logging/logger.js";
import {
  CREDENTIALS,
  PLAN_ID,
  SERVICE_ID,
  bindingPath,
  deletePath,
  instancePath,
  provisionBody,
  testBrokerEnv,
} from "../test/helpers/broker-fixture.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const dir = process.env.OPENSTACK_DEV_DIR ?? "/tmp/osb-openstack";
const cloudsFile = `${dir}/clouds.yaml`;
if (!existsSync(cloudsFile)) {
  console.log(
    `## Swift state store\n\n**Not measured**: no Keystone/Swift (${cloudsFile} missing). Start them with \`scripts/openstack-dev/start.sh\`.`,
  );
  process.exit(0);
}
const cloud = loadCloudConfig({ cloud: "demo", env: { OS_CLIENT_CONFIG_FILE: cloudsFile } });
const container = `bench-${randomBytes(4).toString("hex")}`;
const keyring = createKeyring([{ id: "bench", key: new Uint8Array(randomBytes(32)) }]);
const store = await createSwiftStore({ cloud, container, encryption: { keyring } });
const { token, storageUrl } = await store.session.access();

// A terraform state of realistic size (~4 KB).
const resources = Array.from({ length: 12 }, (_, i) => ({
  mode: "managed",
  type: "openstack_db_instance_v1",
  name: `r${i}`,
  instances: [
    {
      attributes: {
        id: randomBytes(16).toString("hex"),
        password: randomBytes(12).toString("hex"),
        region: "RegionOne",
      },
    },
  ],
}));
const state = new TextEncoder().encode(
  JSON.stringify(
    { version: 4, terraform_version: "1.11.4", serial: 1, lineage: "bench", outputs: {}, resources },
    null,
    2,
  ),
);

const agent = new http.Agent({ keepAlive: true });
function request(method: string, url: string, headers: Record<string, string>, body?: Uint8Array): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent, headers: body ? { ...headers, "content-length": String(body.byteLength) } : headers },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body ? Buffer.from(body) : undefined);
  });
}
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
const expectStatus = async (p: Promise<number>, ok: number[]) => {
  const status = await p;
  if (!ok.includes(status)) throw new Error(`unexpected HTTP ${status}`);
};

await store.put("instances/store/tfstate", state);
await request("PUT", `${storageUrl}/${container}/direct/tfstate`, { "x-auth-token": token }, state);

// The broker's terraform http backend on a local port, with the Swift store behind it.
const credentials = createRunCredentialIssuer();
const run = credentials.issue({ instanceId: "bench-instance" });
const server = serve({ fetch: createStateBackend({ store, credentials }).fetch, port: 0, hostname: "127.0.0.1" });
await new Promise((r) => server.once("listening", r));
const backend = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tfstate/instances/bench-instance`;
const basic = { authorization: `Basic ${Buffer.from(`${run.username}:${run.password}`).toString("base64")}` };

await expectStatus(request("POST", backend, { ...basic, "content-type": "application/json" }, state), [200]);
const direct = `${storageUrl}/${container}/direct/tfstate`;
const samples: Record<string, number[]> = {
  "direct PUT": [],
  "store put": [],
  "backend POST": [],
  "direct GET": [],
  "store get": [],
  "backend GET": [],
};
const operations: Record<string, () => Promise<unknown>> = {
  "direct PUT": () => expectStatus(request("PUT", direct, { "x-auth-token": token }, state), [201]),
  "store put": () => store.put("instances/store/tfstate", state),
  "backend POST": () =>
    expectStatus(request("POST", backend, { ...basic, "content-type": "application/json" }, state), [200]),
  "direct GET": () => expectStatus(request("GET", direct, { "x-auth-token": token }), [200]),
  "store get": () => store.get("instances/store/tfstate"),
  "backend GET": () => expectStatus(request("GET", backend, basic), [200]),
};
const names = Object.keys(operations);
for (let round = -5; round < ROUNDS; round++) {
  // A different order each round, so that no variant always runs after the same neighbour.
  const order = [...names].sort(() => Math.random() - 0.5);
  for (const name of order) {
    const took = await timed(operations[name]);
    if (round >= 0) samples[name].push(took);
  }
}
server.close();
agent.destroy();

// A whole lifecycle (provision, bind, unbind, deprovision of the terraform-test service, real
// terraform) on the local file store vs the Swift store, interleaved.
const LIFECYCLES = Number(process.env.BENCH_LIFECYCLES ?? 3);
const lifecycleMs: Record<string, number[]> = { file: [], swift: [] };
// Store calls per operation on Swift (the last round's): each is one Swift request but `create`
// (a PUT with If-None-Match, a settle wait, a HEAD: docs/state.md) and a `put` that finds the container gone.
// Deep enough for the tracing store to see who asked (polling.ts, state-backend.ts) on the async stack.
Error.stackTraceLimit = 60;
const traced = tracingStore(store);
const counted = countingStore(traced);
const perOperation: Record<string, StoreCounts> = {};
// Every store call of the last Swift round, in order (BENCH_TRACE=1 prints them).
const traces: Record<string, string> = {};
const origins: Record<string, ReturnType<typeof requestsByOrigin>> = {};
// Per operation, every Swift round: sequential requests and store-busy time of the operation's own and terraform's calls.
const paths: Record<string, ReturnType<typeof criticalPath>[]> = {};
for (let round = 0; round < LIFECYCLES; round++) {
  for (const kind of round % 2 === 0 ? ["file", "swift"] : ["swift", "file"]) {
    const work = await mkdtemp(join(tmpdir(), "bench-life-"));
    const config = loadConfig(testBrokerEnv(work));
    const broker = await startBroker(config, {
      logger: createSilentLogger(),
      ...(kind === "swift" ? { store: counted } : {}),
    });
    const client = createOsbTestClient({ request: (p, i) => fetch(`${broker.url}${p}`, i), credentials: CREDENTIALS });
    const id = `bench-${kind}-${round}`;
    const poll = async (path: string) => {
      for (;;) {
        const response = await client.get(path);
        const body = (await response.json()) as { state?: string };
        if (response.status !== 200 || body.state !== "in progress") return response.status;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const mark = (name: string) => {
      const taken = counted.take();
      const trace = traced.take();
      if (kind === "swift") {
        perOperation[name] = taken;
        traces[name] = formatTrace(trace, new RegExp(`^instances/${id}/`));
        origins[name] = requestsByOrigin(trace);
        (paths[name] ??= []).push(criticalPath(trace));
      }
    };
    counted.take();
    traced.take();
    const started = performance.now();
    await client.put(instancePath(id), provisionBody({ message: "bench" }));
    await poll(`/v2/service_instances/${id}/last_operation`);
    mark("provision");
    const bound = await client.put(bindingPath(id, "b", "accepts_incomplete=true"), {
      service_id: SERVICE_ID,
      plan_id: PLAN_ID,
      app_guid: "app",
    });
    if (bound.status === 202) await poll(`${bindingPath(id, "b")}/last_operation`);
    mark("bind");
    const unbound = await client.delete(
      bindingPath(id, "b", `service_id=${SERVICE_ID}&plan_id=${PLAN_ID}&accepts_incomplete=true`),
    );
    if (unbound.status === 202) await poll(`${bindingPath(id, "b")}/last_operation`);
    mark("unbind");
    await client.delete(deletePath(id));
    if ((await poll(`/v2/service_instances/${id}/last_operation`)) !== 410)
      throw new Error(`${kind} lifecycle did not end in 410`);
    mark("deprovision");
    lifecycleMs[kind].push(performance.now() - started);
    await broker.stop();
    await rm(work, { recursive: true, force: true });
  }
}

const row = (name: string, base: string) => [
  name,
  ms(median(samples[name])),
  ms(percentile(samples[name], 90)),
  (median(samples[name]) / median(samples[base])).toFixed(2),
];
console.log(
  `## Swift state store (${ROUNDS} interleaved rounds, ${state.byteLength}-byte state, AES-256-GCM, real Keystone + Swift on loopback)\n`,
);
console.log(
  table(
    ["operation", "median", "p90", "ratio to direct"],
    [
      row("direct PUT", "direct PUT"),
      row("store put", "direct PUT"),
      row("backend POST", "direct PUT"),
      row("direct GET", "direct GET"),
      row("store get", "direct GET"),
      row("backend GET", "direct GET"),
    ],
  ),
);
console.log(
  "\nTarget: backend / direct <= 1.3. A POST under a lock this broker granted (how terraform writes) or without a lock ID is one Swift PUT; only a lock held elsewhere is read first.",
);
console.log(
  `\n### Lifecycle (provision, bind, unbind, deprovision; terraform-test; ${LIFECYCLES} each, interleaved)\n`,
);
console.log(
  table(
    ["store", "median", "ratio to file"],
    [
      ["file", ms(median(lifecycleMs.file), 0), "1.00"],
      [
        "swift (encrypted)",
        ms(median(lifecycleMs.swift), 0),
        (median(lifecycleMs.swift) / median(lifecycleMs.file)).toFixed(2),
      ],
    ],
  ),
);
await store.raw.removeContainer();
const methods = ["get", "put", "create", "delete", "list"];
console.log(
  "\n### Store round trips per operation on Swift (the last round; polling included; time summed over calls, calls overlap)\n",
);
console.log(
  table(
    ["operation", ...methods, "Swift requests", "time in the store"],
    Object.entries(perOperation).map(([name, c]) => [
      name,
      ...methods.map((m) => `${c.calls[m] ?? 0} (${ms(c.ms[m] ?? 0, 0)})`),
      methods.reduce((n, m) => n + (c.calls[m] ?? 0) * (m === "create" ? 2 : 1), 0),
      ms(
        methods.reduce((n, m) => n + (c.ms[m] ?? 0), 0),
        0,
      ),
    ]),
  ),
);
console.log(
  "\n### Swift requests per operation by who asked (the last round; a create is 2: PUT + HEAD)\n\nThe operation's own requests (the broker's request handling and the worker's job) and terraform's (the state backend) are what the operation waits for; the polls run beside it (a platform's last_operation every 50 ms; their number grows with the operation's duration).\n",
);
console.log(
  table(
    [
      "operation",
      "the operation's own",
      "terraform (state backend)",
      "polls",
      "sequential (own + terraform), median",
      "store busy, median",
    ],
    Object.entries(origins).map(([name, o]) => [
      name,
      o.operation,
      o.terraform,
      o.poll,
      median(paths[name].map((p) => p.sequential)),
      ms(median(paths[name].map((p) => p.busyMs)), 0),
    ]),
  ),
);
if (process.env.BENCH_TRACE === "1") {
  console.log("\n### Store calls in order (the last Swift round; ‖ = started before the previous one ended)\n");
  for (const [name, trace] of Object.entries(traces)) console.log(`${name}:\n\n\`\`\`\n${trace}\n\`\`\`\n`);
}
