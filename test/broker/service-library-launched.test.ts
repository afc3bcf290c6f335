import { workDirLeftovers } from "../helpers/work-dir-leftovers.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlanReport } from "../../src/broker/dry-run/plan-report.js";
import { createOsbTestClient } from "../helpers/osb-test-client.js";
import { createCloudStore } from "../../src/simulator/cloud-store.js";
import { PROVIDER_LOG_ENV, type ConfiguredProvider } from "../../src/simulator/provider-auth.js";
import { createFileStore } from "../../src/state/file-store.js";
import { CREDENTIALS, pollLastOperation, ROOT, testBrokerEnv } from "../helpers/broker-fixture.js";
import { spawnBroker, stopBroker, type BrokerProcess } from "../helpers/broker-process.js";
import { runLibraryPlan } from "../helpers/library-lifecycle.js";
import { plans } from "../helpers/service-library.js";

/**
 * Every plan of catalog/ through a real broker process (`openstack-broker serve`) with
 * SIMULATOR_MODE=launched: terraform installs the simulator from a filesystem mirror and launches it
 * for each command, as it does the real provider, so the provider resolves its cloud from the run's
 * provider block, environment and working directory exactly as gophercloud's clientconfig does
 * (src/simulator/provider-auth.ts). The operator's clouds.yaml entry has NO region_name and its
 * password lives in secure.yaml (named by OS_CLIENT_SECURE_FILE, which gophercloud ignores): the
 * password reaches terraform only through the broker's per-run clouds.yaml (src/cloud/terraform-cloud.ts),
 * and the auth scope's region is "" (data_source_openstack_identity_auth_scope_v3.go sets
 * `GetRegion(d, config)`, the provider's empty region), so every endpoint the stacks pick by region
 * must still be found (stacks/_lib/endpoints.ts). Plans run LIBRARY_CONCURRENCY (default 3) at a
 * time, the broker's CONCURRENCY too: one after the other (LIBRARY_CONCURRENCY=1) takes about twice
 * as long.
 */
const LIBRARY_CONCURRENCY = Number(process.env.LIBRARY_CONCURRENCY ?? 3);
const PASSWORD = "secure-yaml-only-5e1f";

let dir: string;
let env: Record<string, string>;
let broker: BrokerProcess;
let providerLog: string;
let output = "";
/** Plans that ran to the end (a `-t` filter runs fewer). */
let ran = 0;
/** Whether a keystone-tenant plan ran: its binding's aliased provider logs in as the tenant's user. */
let ranTenant = false;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "osb-library-launched-"));
  const auth = {
    auth_url: "https://keystone.example:5000/v3",
    username: "broker",
    project_name: "demo",
    user_domain_name: "Default",
    project_domain_name: "Default",
  };
  await writeFile(join(dir, "clouds.yaml"), JSON.stringify({ clouds: { sim: { auth, identity_api_version: 3 } } }));
  await writeFile(join(dir, "secure.yaml"), JSON.stringify({ clouds: { sim: { auth: { password: PASSWORD } } } }));
  providerLog = join(dir, "provider.log");
  env = testBrokerEnv(dir, {
    CATALOG_DIR: join(ROOT, "catalog"),
    SIMULATE: "true",
    SIMULATOR_MODE: "launched",
    CONCURRENCY: String(LIBRARY_CONCURRENCY),
    OS_CLIENT_CONFIG_FILE: join(dir, "clouds.yaml"),
    OS_CLIENT_SECURE_FILE: join(dir, "secure.yaml"),
    OS_CLOUD: "sim",
    [PROVIDER_LOG_ENV]: providerLog,
  });
  broker = await spawnBroker(env, { timeoutMs: 60_000, onOutput: (chunk) => (output += chunk) });
}, 90_000);
afterAll(async () => {
  if (broker) await stopBroker(broker);
  await rm(dir, { recursive: true, force: true });
});

const client = () =>
  createOsbTestClient({ request: (path, init) => fetch(`${broker.url}${path}`, init), credentials: CREDENTIALS });
const cloudResources = async () =>
  (await createCloudStore({ dir: join(dir, "state", "simulated-cloud") }).list())
    .map((r) => `${r.type}:${r.id}`)
    .sort();

/**
 * The Nova server's user data installs the key agent with the keys container's URL, taken from the
 * object-store endpoint of the catalog: with region "" it is still found (not the "" fallback that
 * would leave the agent without keys: stacks/nova-server/index.ts).
 */
async function keyAgentGetsItsUrl(resources: readonly string[]): Promise<void> {
  const server = resources.find((r) => r.startsWith("openstack_compute_instance_v2:"))!;
  const stored = await createCloudStore({ dir: join(dir, "state", "simulated-cloud") }).get(
    "openstack_compute_instance_v2",
    server.split(":")[1],
  );
  expect(String(stored?.received?.user_data)).toMatch(
    /'https:\/\/swift\.openstack\.simulator:\d+\/v1\/AUTH_[0-9a-f]+\/osb-keys-[0-9a-f]{20}' '/,
  );
}

/** At most `limit` plans at once (the broker's CONCURRENCY): launched mode starts the provider 2-5 times per command. */
function limiter(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    while (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
const slot = limiter(LIBRARY_CONCURRENCY);

describe("the service library through a broker process, on the launched simulator, with a clouds.yaml without region_name", () => {
  it.concurrent.each(plans)(
    "$name: provision, bind, unbind, deprovision",
    async (entry) => {
      const store = await createFileStore({ dir: join(dir, "state") });
      await slot(() =>
        runLibraryPlan(entry, {
          client: client(),
          waitForInstance: (id) => pollLastOperation(client(), `/v2/service_instances/${id}/last_operation`, 180_000),
          readStore: (key) => store.get(key),
          cloudResources,
          onProvisioned: entry.plan.stack === "nova-server" ? keyAgentGetsItsUrl : undefined,
        }),
      );
      ran++;
      if (entry.plan.stack === "keystone-tenant") ranTenant = true;
    },
    600_000,
  );
});

describe("after every plan", () => {
  it("the broker said how it runs the simulator", () => {
    expect(output).toMatch(
      /terraform: +\S+ against the built-in OpenStack simulator \(forced by SIMULATE=true; launched by terraform, SIMULATOR_MODE=launched\)/,
    );
  });

  it("POST /x-preview plans on the same launched simulator and says so", async () => {
    const { service, plan } = plans.find((p) => p.name === "swift-container/standard")!;
    const response = await fetch(`${broker.url}/x-preview/service_instances/preview-1`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString("base64")}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ service_id: service.id, plan_id: plan.id }),
    });
    const report = (await response.json()) as PlanReport;
    expect(response.status, JSON.stringify(report)).toBe(200);
    expect(report.target).toEqual({
      kind: "simulator",
      description:
        "the built-in OpenStack simulator (forced by SIMULATE=true; launched by terraform, SIMULATOR_MODE=launched)",
    });
    expect(report.resources.map((r) => `${r.action} ${r.type}`)).toContain(
      "create openstack_objectstorage_container_v1",
    );
  }, 60_000);

  it("the simulated cloud is empty", async () => {
    expect(await cloudResources()).toEqual([]);
  });

  it('every provider terraform launched resolved the run\'s cloud as gophercloud does: entry sim, region "", password auth, no error', async () => {
    const lines = (await readFile(providerLog, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as ConfiguredProvider & { error?: string });
    // Each plan runs at least four terraform commands that configure the provider (apply and destroy of instance and binding).
    expect(ran).toBeGreaterThan(0);
    expect(lines.length).toBeGreaterThanOrEqual(ran * 4);
    const distinct = [
      ...new Set(
        lines.map((l) =>
          JSON.stringify({
            cloud: l.cloud,
            region: l.region,
            endpointType: l.endpointType,
            method: l.token?.method,
            error: l.error,
          }),
        ),
      ),
    ];
    const expected = [JSON.stringify({ cloud: "sim", region: "", endpointType: "public", method: "password" })];
    // keystone-tenant's binding stack adds an aliased provider with explicit credentials (no cloud entry):
    // the tenant's user, its password, the region the stack names (stacks/keystone-tenant/README.md).
    if (ranTenant)
      expected.push(JSON.stringify({ cloud: "", region: "RegionOne", endpointType: "public", method: "password" }));
    expect(distinct.sort()).toEqual(expected.sort());
    expect(await readFile(providerLog, "utf8")).not.toContain(PASSWORD);
  });

  it("the broker's TF_PLUGIN_CACHE_DIR holds no simulator (terraform would take it for the real provider)", async () => {
    const cached = await readdir(env.TF_PLUGIN_CACHE_DIR, { recursive: true }).catch(() => []);
    expect(cached).toEqual([]);
  });

  it("no run left a clouds.yaml, secure.yaml or variables file in WORK_DIR", async () => {
    const left = (await workDirLeftovers(env.WORK_DIR)).filter((path) => !path.startsWith(".simulator-mirror"));
    expect(left).toEqual([]);
  });
});
