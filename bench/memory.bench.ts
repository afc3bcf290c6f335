/**
 * Memory: what the broker's pod needs (deploy/kubernetes/base/deployment.yaml sizes its requests and
 * limits from this; docs/deploy.md, "Resources", says how). A broker process (`openstack-broker
 * serve`, the real bin) with the full catalog, OpenStack stacks against the simulator (reattach: the
 * simulated provider lives in the broker's process) and CONCURRENCY=4, provisions then deprovisions
 * `instances` neutron-network instances (2 resources each) at once. Every 50 ms it sums the resident
 * set (VmRSS in /proc) of the broker and all its descendants: terraform processes and anything they
 * start. Linux only.
 * Run with: node --import tsx bench/memory.bench.ts [instances]
 */
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../test/helpers/broker-fixture.js";
import { spawnBroker, stopBroker } from "../test/helpers/broker-process.js";
import { table } from "./stats.js";

const instances = Number(process.argv[2] ?? 16);
const SERVICE = "3d31aa95-0cf4-47c6-a69c-8d8718f841b9"; // neutron-network
const PLAN = "6fef3d4d-1d2c-4aec-bea9-510c715ba336"; // isolated
const auth = `Basic ${Buffer.from("broker:bench").toString("base64")}`;
const headers = { Authorization: auth, "X-Broker-API-Version": "2.17", "Content-Type": "application/json" };

interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly name: string;
  readonly rssKb: number;
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      const field = (name: string) => new RegExp(`^${name}:\\s*(\\S+)`, "m").exec(status)?.[1] ?? "";
      out.push({
        pid: Number(entry),
        ppid: Number(field("PPid")),
        name: field("Name"),
        rssKb: Number(field("VmRSS") || 0),
      });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** The broker and its descendants. */
function tree(root: number): Proc[] {
  const all = processes();
  const members = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) if (!members.has(p.pid) && members.has(p.ppid)) members.add(p.pid), (grew = true);
  }
  return all.filter((p) => members.has(p.pid));
}

const dir = await mkdtemp(join(tmpdir(), "bench-memory-"));
const broker = await spawnBroker({
  PORT: "0",
  HOST: "127.0.0.1",
  BROKER_USERNAME: "broker",
  BROKER_PASSWORD: "bench",
  STATE_DIR: join(dir, "state"),
  WORK_DIR: join(dir, "work"),
  TF_PLUGIN_CACHE_DIR: join(dir, "plugins"),
  CATALOG_DIR: join(ROOT, "catalog"),
  STACKS_DIR: join(ROOT, "stacks"),
  SIMULATE: "true",
  CONCURRENCY: "4",
  LOG_LEVEL: "silent",
  OS_CLOUD: undefined,
  OS_CLIENT_CONFIG_FILE: undefined,
});
const rootPid = broker.child.pid!;
const sample = () => {
  const members = tree(rootPid);
  const brokerKb = members.find((p) => p.pid === rootPid)?.rssKb ?? 0;
  const terraform = members.filter((p) => p.name === "terraform");
  return {
    brokerKb,
    totalKb: members.reduce((n, p) => n + p.rssKb, 0),
    terraformKb: terraform.map((p) => p.rssKb),
    terraformCount: terraform.length,
  };
};

await new Promise((r) => setTimeout(r, 1000));
const idle = sample();
let peak = { brokerKb: 0, totalKb: 0, terraformMaxKb: 0, terraformCount: 0 };
const sampler = setInterval(() => {
  const s = sample();
  peak = {
    brokerKb: Math.max(peak.brokerKb, s.brokerKb),
    totalKb: Math.max(peak.totalKb, s.totalKb),
    terraformMaxKb: Math.max(peak.terraformMaxKb, ...s.terraformKb, 0),
    terraformCount: Math.max(peak.terraformCount, s.terraformCount),
  };
}, 50);

async function waitFor(id: string, gone: boolean): Promise<void> {
  for (;;) {
    const response = await fetch(`${broker.url}/v2/service_instances/${id}/last_operation`, { headers });
    const body = (await response.json()) as { state?: string };
    if (gone ? response.status === 410 : body.state === "succeeded") return;
    if (body.state === "failed") throw new Error(`${id}: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const started = performance.now();
const ids = Array.from({ length: instances }, (_, i) => `mem-${i}`);
await Promise.all(
  ids.map(async (id, i) => {
    const body = {
      service_id: SERVICE,
      plan_id: PLAN,
      organization_guid: "org",
      space_guid: "space",
      parameters: { cidr: `10.30.${i}.0/24` },
    };
    const response = await fetch(`${broker.url}/v2/service_instances/${id}?accepts_incomplete=true`, {
      method: "PUT",
      headers,
      body: JSON.stringify(body),
    });
    if (response.status !== 202)
      throw new Error(`${id}: provision answered ${response.status} ${await response.text()}`);
    await waitFor(id, false);
    const del = await fetch(
      `${broker.url}/v2/service_instances/${id}?accepts_incomplete=true&service_id=${SERVICE}&plan_id=${PLAN}`,
      { method: "DELETE", headers },
    );
    if (del.status !== 202) throw new Error(`${id}: deprovision answered ${del.status}`);
    await waitFor(id, true);
  }),
);
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
await stopBroker(broker);
await rm(dir, { recursive: true, force: true });

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
process.stdout.write(
  `## Memory (${instances} neutron-network instances provisioned and deprovisioned at once, CONCURRENCY=4, simulator in reattach mode, ${seconds.toFixed(1)} s)\n\n` +
    table(
      ["what", "resident set"],
      [
        ["broker process, idle after start (catalog loaded, simulator in-process)", mb(idle.brokerKb)],
        ["broker process, peak", mb(peak.brokerKb)],
        ["one terraform process, peak", mb(peak.terraformMaxKb)],
        [
          `broker + all its descendants, peak (${peak.terraformCount} terraform processes at once at most)`,
          mb(peak.totalKb),
        ],
      ],
    ) +
    '\nThe real provider is a separate process per terraform command (not measurable here: no cloud, no provider binary); docs/deploy.md, "Resources", adds an allowance for it.\n',
);
