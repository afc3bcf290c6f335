import type { ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { dump } from "js-yaml";
import { CREDENTIALS, testBrokerEnv } from "../helpers/broker-fixture.js";
import { spawnBroker } from "../helpers/broker-process.js";
import { createOsbTestClient, type OsbTestClient } from "../helpers/osb-test-client.js";
import { createStoreFromConfig, type ConfiguredStore } from "../../src/state/create-store-from-config.js";
import { devCloud } from "../helpers/openstack-test-env.js";
import type { RawSwiftStore } from "../../src/state/swift/swift-store.js";

/** Everything one broker-level Swift test shares: a container, a keyring, a clouds.yaml. */
export interface SwiftBrokerWorld {
  readonly dir: string;
  readonly env: Record<string, string>;
  /** The test's own view of the container (encrypted, same keys as the brokers). */
  readonly view: ConfiguredStore;
  start(extra?: Record<string, string>): Promise<{ child: ChildProcess; url: string; client: OsbTestClient }>;
  close(): Promise<void>;
}

/**
 * Creates a container name, a keyring and a clouds.yaml (the dev clouds `demo` and `demo-appcred`,
 * plus `demo-private` whose Swift endpoint is `privateEndpoint` when given).
 */
export async function createSwiftBrokerWorld(dir: string, privateEndpoint?: string): Promise<SwiftBrokerWorld> {
  const clouds: Record<string, unknown> = {};
  for (const name of ["demo", "demo-appcred"]) clouds[name] = cloudEntry(name);
  if (privateEndpoint !== undefined)
    clouds["demo-private"] = { ...cloudEntry("demo"), object_store_endpoint_override: privateEndpoint };
  const cloudsFile = join(dir, "clouds.yaml");
  writeFileSync(cloudsFile, dump({ clouds }), { mode: 0o600 });
  const env = {
    STATE_STORE: "swift",
    STATE_CLOUD: "demo-appcred",
    STATE_CONTAINER: `osb-test-broker-${randomUUID().slice(0, 8)}`,
    STATE_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    OS_CLIENT_CONFIG_FILE: cloudsFile,
  };
  const view = await createStoreFromConfig({ env: { ...env, STATE_CLOUD: "demo" }, stateDir: join(dir, "unused") });
  const children: ChildProcess[] = [];
  return {
    dir,
    env,
    view,
    async start(extra = {}) {
      const { child, url } = await spawnBroker({ ...testBrokerEnv(dir), ...env, ...extra });
      children.push(child);
      return {
        child,
        url,
        client: createOsbTestClient({ request: (p, i) => fetch(`${url}${p}`, i), credentials: CREDENTIALS }),
      };
    },
    async close() {
      for (const child of children) child.kill("SIGKILL");
      await (view.raw as RawSwiftStore).removeContainer().catch(() => undefined);
    },
  };
}

/** The dev clouds.yaml entry `name`, written back out in clouds.yaml form. */
function cloudEntry(name: string): Record<string, unknown> {
  const cloud = devCloud(name);
  const a = cloud.auth;
  const auth =
    a.type === "password"
      ? {
          auth_url: a.authUrl,
          username: a.username,
          password: a.password,
          project_name: a.projectName,
          user_domain_name: a.userDomainName,
          project_domain_name: a.projectDomainName,
        }
      : a.type === "v3applicationcredential"
        ? {
            auth_url: a.authUrl,
            application_credential_id: a.applicationCredentialId,
            application_credential_secret: a.applicationCredentialSecret,
          }
        : { auth_url: a.authUrl, token: a.token };
  return { auth_type: a.type, auth, region_name: cloud.regionName, interface: cloud.interface };
}

/** Polls `path` until its state is no longer "in progress". */
export async function waitForState(
  client: OsbTestClient,
  path: string,
  timeoutMs = 90_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = (await (await client.get(path)).json()) as Record<string, unknown>;
    if (body.state !== "in progress" || Date.now() > deadline) return body;
    await new Promise((r) => setTimeout(r, 200));
  }
}
