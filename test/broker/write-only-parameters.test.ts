import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type RunningBroker } from "../../src/cli/start-broker.js";
import type { BrokerConfig } from "../../src/config/broker-config.js";
import { loadConfig } from "../../src/config/load-config.js";
import { createLogger } from "../../src/logging/logger.js";
import { loadSimulatorConfig } from "../../src/simulator/config.js";
import { createSimulatedCloud } from "../../src/simulator/simulated-cloud.js";
import { generatePluginCertificate } from "../../src/simulator/tls-cert.js";
import { CREDENTIALS, ROOT, pollLastOperation, testBrokerEnv } from "../helpers/broker-fixture.js";
import { createOsbTestClient, type OsbTestClient } from "../helpers/osb-test-client.js";
import { catalog } from "../helpers/service-library.js";

/**
 * A private key uploaded as a `writeOnly` parameter (barbican-certificate) through a real broker on
 * the simulator: GET instance does not hand it back (JSON Schema writeOnly), and no log line of the
 * broker, at debug level, carries it, also when the provision fails.
 */
let broker: RunningBroker;
let config: BrokerConfig;
let client: OsbTestClient;
let dir: string;
const lines: string[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "write-only-"));
  const logger = createLogger({ level: "debug", destination: { write: (line: string) => lines.push(line) } });
  const env = testBrokerEnv(dir, { CATALOG_DIR: join(ROOT, "catalog"), SIMULATE: "true", LOG_LEVEL: "debug" });
  config = loadConfig(env);
  broker = await startBroker(config, { logger });
  client = createOsbTestClient({ request: (p, i) => fetch(`${broker.url}${p}`, i), credentials: CREDENTIALS });
});
afterAll(async () => {
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

const service = catalog.findService("barbican-certificate")!;
const plan = catalog.findPlan("barbican-certificate", "ingress")!;
const tls = generatePluginCertificate();
/** The base64 body of the key: what would show in a log even if the PEM armour were cut. */
const keyBody = tls.keyPem.split("\n")[1];

async function provision(id: string) {
  const put = await client.put(`/v2/service_instances/${id}?accepts_incomplete=true`, {
    service_id: service.id,
    plan_id: plan.id,
    organization_guid: "org-1",
    space_guid: "space-1",
    parameters: { certificate: tls.certPem, private_key: tls.keyPem },
  });
  expect(put.status, await put.clone().text()).toBe(202);
  return pollLastOperation(client, `/v2/service_instances/${id}/last_operation`, 120_000);
}

describe("writeOnly parameters through the broker", () => {
  it("GET instance returns the parameters without the private key and the certificate", async () => {
    expect((await provision("tls-ok")).body.state).toBe("succeeded");
    const get = await client.get("/v2/service_instances/tls-ok");
    expect(get.status).toBe(200);
    const body = (await get.json()) as { parameters: Record<string, unknown> };
    expect(body.parameters).toEqual({});
    expect(JSON.stringify(body)).not.toContain(keyBody);
  });

  it("a failed provision names the failure, not the key, in last_operation and the logs", async () => {
    const cloud = createSimulatedCloud({ stateDir: config.simulatorDir, baseConfig: loadSimulatorConfig() });
    await cloud.injectFailure({ resourceType: "openstack_keymanager_container_v1", operation: "create" });
    const failed = await provision("tls-failed");
    expect(failed.body.state).toBe("failed");
    expect(String(failed.body.description)).toContain("openstack_keymanager_container_v1");
    expect(JSON.stringify(failed.body)).not.toContain(keyBody);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.includes(keyBody))).toEqual([]);
  });
});
