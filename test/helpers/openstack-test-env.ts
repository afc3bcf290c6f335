/**
 * Test support for the real Keystone + Swift of scripts/openstack-dev (not a test file itself).
 *
 * `describeOpenstack` runs a suite when the services answer. When they do not: with `CI=true` the
 * suite FAILS (a missing dependency in CI is a failure); locally it is skipped with a message that
 * names the missing service and how to start it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, it } from "vitest";
import { type CloudConfig, loadCloudConfig } from "../../src/cloud/clouds-yaml.js";

/** The directory of scripts/openstack-dev/start.sh. */
export const openstackDir = process.env.OPENSTACK_DEV_DIR ?? "/tmp/osb-openstack";
const START = `scripts/openstack-dev/start.sh ${openstackDir}`;

function cloudsFile(): string {
  return join(openstackDir, "clouds.yaml");
}

/** Loads a cloud of the dev clouds.yaml (`demo`, `demo-appcred`, `admin`). */
export function devCloud(name: string): CloudConfig {
  return loadCloudConfig({ cloud: name, env: { OS_CLIENT_CONFIG_FILE: cloudsFile() } });
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    await response.arrayBuffer();
    return response.status < 500;
  } catch {
    return false;
  }
}

/** Why the services cannot be used, or `undefined` when they answer. */
export async function openstackProblem(): Promise<string | undefined> {
  const file = cloudsFile();
  if (!existsSync(file)) return `no clouds.yaml at ${file} (Keystone/Swift not set up): run ${START}`;
  let cloud: CloudConfig;
  try {
    cloud = devCloud("demo");
  } catch (error) {
    return `${(error as Error).message}: run ${START}`;
  }
  if (!(await answers(cloud.auth.authUrl))) return `Keystone not reachable at ${cloud.auth.authUrl}: run ${START}`;
  const swift = swiftBaseUrl();
  if (!(await answers(`${swift}/healthcheck`))) return `Swift not reachable at ${swift}: run ${START}`;
  return undefined;
}

/** The Swift proxy's base URL (from DIR/env). */
export function swiftBaseUrl(): string {
  const env = join(openstackDir, "env");
  const url = existsSync(env) ? /SWIFT_DEMO_URL=(\S+)/.exec(readFileSync(env, "utf8"))?.[1] : undefined;
  return url === undefined ? "http://127.0.0.1:8080" : new URL(url).origin;
}

const problem = await openstackProblem();

/** `describe` that needs the real services (see the file comment for CI vs local behaviour). */
export function describeOpenstack(name: string, body: () => void): void {
  if (problem === undefined) {
    describe(name, body);
  } else if (process.env.CI === "true") {
    describe(name, () => {
      it("needs Keystone and Swift (CI=true: missing services are a failure)", () => {
        throw new Error(problem);
      });
    });
  } else {
    console.warn(`[swift tests] skipped "${name}": ${problem}`);
    describe.skip(`${name} (skipped: ${problem})`, body);
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/**
 * A private Swift proxy server (the real swift-proxy-server, on the shared account/container/object
 * servers) that a test may stop and start without disturbing other suites. It validates every token
 * with Keystone (`token_cache_time = -1`), so a revoked token is refused at once.
 */
export interface PrivateProxy {
  readonly port: number;
  /** `http://127.0.0.1:<port>/v1/AUTH_%(project_id)s`, for `objectStoreEndpointOverride`. */
  readonly endpointOverride: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and removes its configuration file. */
  dispose(): Promise<void>;
}

/** Prepares (does not start) a private proxy from DIR/swift/etc/proxy-server.conf. */
export async function createPrivateProxy(): Promise<PrivateProxy> {
  const port = await freePort();
  const conf = join(openstackDir, "swift", "etc", `proxy-test-${port}.conf`);
  const base = readFileSync(join(openstackDir, "swift", "etc", "proxy-server.conf"), "utf8");
  writeFileSync(
    conf,
    base
      .replace(/^bind_port = \d+$/m, `bind_port = ${port}`)
      .replace("[filter:authtoken]\n", "[filter:authtoken]\ntoken_cache_time = -1\n"),
  );
  let child: ChildProcess | undefined;
  const url = `http://127.0.0.1:${port}`;
  const proxy: PrivateProxy = {
    port,
    endpointOverride: `${url}/v1/AUTH_%(project_id)s`,
    async start() {
      child = spawn("swift-proxy-server", [conf], { stdio: "ignore" });
      const deadline = Date.now() + 30_000;
      while (!(await answers(`${url}/healthcheck`))) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`private swift proxy on ${port} did not start`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      const running = child;
      child = undefined;
      if (running === undefined || running.exitCode !== null) return;
      const exited = new Promise((r) => running.once("exit", r));
      running.kill("SIGKILL"); // a crash: immediate, and keep-alive clients do not delay it
      await exited;
    },
    async dispose() {
      await proxy.stop();
      rmSync(conf, { force: true });
    },
  };
  return proxy;
}
