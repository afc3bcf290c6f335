/**
 * The Retry-After a platform gets while polling terraform-test operations: the first provision of
 * the plan (nothing known yet), then the following lifecycles (provision, bind, unbind, deprovision),
 * with the total seconds a platform honouring it would wait. Run with: node --import tsx bench/retry-after.bench.ts
 */
import { loadavg } from "node:os";
import { CREDENTIALS, provisionBody, startTestBroker } from "../test/helpers/broker-fixture.js";
import { basicAuthHeader } from "../test/helpers/osb-test-client.js";
import { table } from "./stats.js";

const t = await startTestBroker();
const headers = {
  Authorization: basicAuthHeader(CREDENTIALS.username, CREDENTIALS.password),
  "X-Broker-API-Version": "2.17",
  "Content-Type": "application/json",
};
const base = t.broker.url;

/** Starts an operation, polls at 20 ms; returns the Retry-After values seen while in progress. */
async function run(method: string, path: string, pollPath: string, body?: unknown): Promise<string[]> {
  await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const seen: string[] = [];
  for (;;) {
    const response = await fetch(`${base}${pollPath}`, { headers });
    const state = ((await response.json()) as { state?: string }).state;
    if (state !== "in progress") return seen;
    seen.push(response.headers.get("Retry-After") ?? "absent");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const bindBody = { service_id: provisionBody().service_id, plan_id: provisionBody().plan_id };
const rows: (string | number)[][] = [];
for (let i = 1; i <= 3; i++) {
  const id = `ra-${i}`;
  const inst = `/v2/service_instances/${id}`;
  const poll = `${inst}/last_operation`;
  const bpoll = `${inst}/service_bindings/b1/last_operation`;
  const q = "?accepts_incomplete=true";
  const steps = [
    ["provision", await run("PUT", `${inst}${q}`, poll, provisionBody({ message: "x" }))],
    ["bind", await run("PUT", `${inst}/service_bindings/b1${q}`, bpoll, bindBody)],
    [
      "unbind",
      await run(
        "DELETE",
        `${inst}/service_bindings/b1${q}&service_id=${bindBody.service_id}&plan_id=${bindBody.plan_id}`,
        bpoll,
      ),
    ],
    [
      "deprovision",
      await run("DELETE", `${inst}${q}&service_id=${bindBody.service_id}&plan_id=${bindBody.plan_id}`, poll),
    ],
  ] as const;
  for (const [name, seen] of steps) {
    const first = seen[0] ?? "(done before the first poll)";
    rows.push([i, name, seen.length, first, seen.map(Number).filter(Number.isFinite)[0] ?? 0]);
  }
}
await t.close();
const waits = (lifecycle: number) => rows.filter((r) => r[0] === lifecycle).reduce((sum, r) => sum + Number(r[4]), 0);
console.log(
  `## Retry-After of terraform-test polls (load average at start ${loadavg()
    .map((v) => v.toFixed(1))
    .join(" / ")})\n`,
);
console.log(
  table(["lifecycle", "operation", "in-progress polls", "first Retry-After", "seconds a platform waits first"], rows),
);
console.log(
  `\nA platform honouring the first Retry-After of each operation waits ${waits(1)} s in the first lifecycle (nothing known: 1 s each), ${waits(2)} s in the second and ${waits(3)} s in the third (was 2 s per operation: 8 s).`,
);
process.exit(0);
