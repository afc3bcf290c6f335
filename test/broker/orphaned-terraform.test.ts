import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOsbTestClient } from "../helpers/osb-test-client.js";
import { createCloudStore } from "../../src/simulator/cloud-store.js";
import { createFileStore } from "../../src/state/file-store.js";
import { createRecords } from "../../src/state/records.js";
import { readOperationLog } from "../../src/worker/operation-log.js";
import { CREDENTIALS, pollLastOperation, ROOT, testBrokerEnv } from "../helpers/broker-fixture.js";
import { spawnBroker, stopBroker, type BrokerProcess } from "../helpers/broker-process.js";
import { processesUnder, stillRuns } from "../helpers/run-processes.js";

/**
 * Issue 12 item 5: when only the broker process dies, its terraform (and the provider terraform
 * launched) lives on. With SIMULATOR_MODE=launched the provider is a child of terraform, as the real
 * one is; its create takes 40 s here, so a terraform left running would create the container after
 * the resumed run created its own. The restarted broker MUST end them before it resumes.
 */
const SERVICE_ID = "11745c6c-7e3e-4463-a9c3-e6c8fcb612a2";
const PLAN_ID = "2f008602-fe1a-48eb-84c3-29f0825665f7";
const CONTAINER = "openstack_objectstorage_container_v1";

let dir: string;
let env: Record<string, string>;
const brokers: BrokerProcess[] = [];
let output = "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "osb-orphans-"));
  await mkdir(join(dir, "catalog"));
  await copyFile(join(ROOT, "catalog/swift-container.yaml"), join(dir, "catalog/swift-container.yaml"));
  const auth = {
    auth_url: "https://keystone.example:5000/v3",
    username: "broker",
    password: "sim-password-1",
    project_name: "demo",
    user_domain_name: "Default",
    project_domain_name: "Default",
  };
  await writeFile(join(dir, "clouds.yaml"), JSON.stringify({ clouds: { sim: { auth, region_name: "RegionOne" } } }));
  env = testBrokerEnv(dir, {
    CATALOG_DIR: join(dir, "catalog"),
    SIMULATE: "true",
    SIMULATOR_MODE: "launched",
    OS_CLIENT_CONFIG_FILE: join(dir, "clouds.yaml"),
    OS_CLOUD: "sim",
    LOG_LEVEL: "info",
    KILL_GRACE_SECONDS: "3",
  });
});
afterAll(async () => {
  for (const broker of brokers) await stopBroker(broker, 5000);
  await rm(dir, { recursive: true, force: true });
});

const start = async (extra: Record<string, string> = {}) => {
  const broker = await spawnBroker({ ...env, ...extra }, { timeoutMs: 60_000, onOutput: (c) => (output += c) });
  brokers.push(broker);
  return broker;
};
const client = (broker: BrokerProcess) =>
  createOsbTestClient({ request: (path, init) => fetch(`${broker.url}${path}`, init), credentials: CREDENTIALS });

describe("a broker killed during an apply on the launched simulator", () => {
  it("the next broker ends the old terraform and its provider before it resumes; the container is created once", async () => {
    // The first broker's provider creates containers slowly (its environment reaches the provider).
    const first = await start({ OPENSTACK_SIM_LATENCY_MS: `${CONTAINER}=40000` });
    const put = await client(first).put("/v2/service_instances/orphan-1?accepts_incomplete=true", {
      service_id: SERVICE_ID,
      plan_id: PLAN_ID,
      organization_guid: "org-1",
      space_guid: "space-1",
    });
    expect(put.status).toBe(202);
    const { operation } = (await put.json()) as { operation: string };
    const records = createRecords(await createFileStore({ dir: join(dir, "state") }));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const log = await readOperationLog(records.store, "orphan-1", operation).catch(() => []);
      if (log.some((line) => line.type === "apply_start")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // terraform and the provider it launched, found from /proc (their cwd is the run's directory).
    const old = processesUnder(env.WORK_DIR);
    expect(old.length, "terraform and its provider run in the work directory").toBeGreaterThanOrEqual(2);

    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    expect(old.filter(stillRuns).length, "they outlive the broker").toBe(old.length);

    // terraform may die of SIGPIPE on its next write to the dead broker's stdout pipe (then its
    // provider with it) before the next broker starts; the log line is owed only when some still ran.
    const stillRunning = old.filter(stillRuns).length;
    const before = output.length;
    const second = await start();
    // The terraform side (which ends them) is built before the broker listens, and resumes after.
    expect(old.filter(stillRuns)).toEqual([]);
    const result = await pollLastOperation(client(second), "/v2/service_instances/orphan-1/last_operation", 120_000);
    expect(result.body).toEqual({ state: "succeeded", description: "provisioned" });
    expect((await records.getOperation("orphan-1", operation))?.attempts).toBe(2);

    const log = output.slice(before);
    const ended = log.indexOf("terraform processes of a previous broker process ended");
    const resumed = log.indexOf("resuming operation");
    if (stillRunning > 0) {
      expect(ended, `the new broker says it ended them: ${log.slice(0, 3000)}`).toBeGreaterThan(-1);
      expect(resumed).toBeGreaterThan(ended);
    }

    // Created once: exactly one container in the simulated cloud, the one in the state.
    const containers = (await createCloudStore({ dir: join(dir, "state", "simulated-cloud") }).list()).filter(
      (r) => r.type === CONTAINER,
    );
    expect(containers).toHaveLength(1);
  }, 180_000);
});
