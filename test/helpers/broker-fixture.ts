import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadConfig } from "../../src/config/load-config.js";
import type { BrokerConfig } from "../../src/config/broker-config.js";
import { startBroker, type RunningBroker } from "../../src/cli/start-broker.js";
import { createOsbTestClient, type OsbTestClient } from "./osb-test-client.js";
import { createSilentLogger } from "../../src/logging/logger.js";

export const ROOT = resolve(import.meta.dirname, "../..");
export const SERVICE_ID = "44fe0dcd-37e0-46be-a164-110d34738cc4";
export const PLAN_ID = "662bc914-0abb-4c75-a293-7c9fc4536d85";
export const OTHER_PLAN_ID = "3cf42e03-9d9e-41ea-823e-cfe9de93ee64";
export const CREDENTIALS = { username: "broker", password: "test-password" };

/** The environment of a test broker serving the terraform-test service from `dir`. */
export function testBrokerEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: "0",
    HOST: "127.0.0.1",
    BROKER_USERNAME: CREDENTIALS.username,
    BROKER_PASSWORD: CREDENTIALS.password,
    STATE_DIR: join(dir, "state"),
    WORK_DIR: join(dir, "work"),
    CATALOG_DIR: join(ROOT, "test/fixtures/catalog"),
    STACKS_DIR: join(ROOT, "stacks"),
    TF_PLUGIN_CACHE_DIR: join(dir, "plugins"),
    KILL_GRACE_SECONDS: "5",
    LOG_LEVEL: "silent",
    ...extra,
  };
}

export interface TestBroker {
  readonly dir: string;
  readonly broker: RunningBroker;
  readonly client: OsbTestClient;
  readonly config: BrokerConfig;
  /** Polls last_operation until the state is no longer "in progress"; returns status and body. */
  waitForInstance(instanceId: string, timeoutMs?: number): Promise<{ status: number; body: Record<string, unknown> }>;
  waitForBinding(
    instanceId: string,
    bindingId: string,
    timeoutMs?: number,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** Starts a real broker (real HTTP, real terraform) on a free port with its own state directory. */
export async function startTestBroker(
  options: { dir?: string; env?: Record<string, string> } = {},
): Promise<TestBroker> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "osb-test-")));
  const config = loadConfig(testBrokerEnv(dir, options.env));
  const broker = await startBroker(config, { logger: createSilentLogger() });
  const client = createOsbTestClient({
    request: (path, init) => fetch(`${broker.url}${path}`, init),
    credentials: CREDENTIALS,
  });
  const poll = (path: string, timeoutMs: number) => pollLastOperation(client, path, timeoutMs);
  return {
    dir,
    broker,
    client,
    config,
    waitForInstance: (id, timeoutMs = 60_000) => poll(`/v2/service_instances/${id}/last_operation`, timeoutMs),
    waitForBinding: (id, bid, timeoutMs = 60_000) =>
      poll(`/v2/service_instances/${id}/service_bindings/${bid}/last_operation`, timeoutMs),
    async close() {
      await broker.stop();
      if (options.dir === undefined) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Polls a last_operation path until the state is no longer "in progress" (or `timeoutMs` passed); returns status and body. */
export async function pollLastOperation(
  client: OsbTestClient,
  path: string,
  timeoutMs: number,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await client.get(path);
    const body = (await response.json()) as Record<string, unknown>;
    if (response.status !== 200 || body.state !== "in progress" || Date.now() > deadline)
      return { status: response.status, body };
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A provision body for the test service. */
export function provisionBody(parameters: Record<string, unknown> = {}, planId = PLAN_ID) {
  return { service_id: SERVICE_ID, plan_id: planId, organization_guid: "org", space_guid: "space", parameters };
}

export const instancePath = (id: string, query = "accepts_incomplete=true") => `/v2/service_instances/${id}?${query}`;
export const deletePath = (id: string, planId = PLAN_ID) =>
  `/v2/service_instances/${id}?service_id=${SERVICE_ID}&plan_id=${planId}&accepts_incomplete=true`;
export const bindingPath = (id: string, bid: string, query = "") =>
  `/v2/service_instances/${id}/service_bindings/${bid}${query ? `?${query}` : ""}`;
