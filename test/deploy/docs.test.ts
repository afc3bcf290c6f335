/**
 * docs/deploy.md, exercised: the blocks marked `<!-- test:NAME -->` run as they are written, in a
 * scratch copy of deploy/ and catalog/. kubectl's mutations become client-side renders (a `kubectl`
 * shim on the PATH: `create` gets `--dry-run=client -o yaml`, `apply -k DIR` is `kustomize DIR`,
 * `apply -f FILE` prints FILE), `cf` is a recorder. Then a real broker process is started with the
 * production overlay's rendered configuration (its env, ConfigMap, Secrets as mounted files) against
 * the tests' Keystone and Swift.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dump, load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCloudConfig } from "../../src/cloud/clouds-yaml.js";
import { loadKeyring } from "../../src/state/crypto/keyring.js";
import { describeOpenstack, openstackDir } from "../helpers/openstack-test-env.js";
import { spawnBroker, stopBroker, type BrokerProcess } from "../helpers/broker-process.js";
import { describeWithKubectl, type Kubectl, kubectlEnv, kustomize } from "./kubectl.js";
import {
  type Container,
  type K8sObject,
  ROOT,
  docBlock,
  one,
  parseObjects,
  podSpecOf,
  readEnvFile,
  referencesOf,
  scratchCheckout,
  secretValue,
  unresolved,
} from "./manifests.js";

/** How many services the shipped catalog has: one per catalog/*.yaml file. */
const CATALOG_FILES = () => readdirSync(join(ROOT, "catalog")).filter((f) => f.endsWith(".yaml")).length;

const SECRETS_DIR = "deploy/kubernetes/overlays/production/secrets";
let checkout: string;
beforeAll(() => {
  checkout = scratchCheckout();
});
afterAll(() => rmSync(checkout, { recursive: true, force: true }));

describe("docs/deploy.md: the secret files (block secret-files)", () => {
  it("writes a username and a 32-character password, one per line, without trailing spaces", () => {
    const auth = readEnvFile(join(checkout, SECRETS_DIR, "broker-auth.env"));
    expect(auth.username).toBe("broker");
    expect(auth.password).toMatch(/^[A-Za-z0-9+/]{32}$/);
  });

  it("writes a key file the broker's keyring accepts (one 32-byte key)", () => {
    const keyring = loadKeyring({
      env: { STATE_ENCRYPTION_KEYS_FILE: join(checkout, SECRETS_DIR, "state-encryption-keys") },
    });
    expect(keyring).toBeDefined();
    expect(keyring!.primary.id).toBe("k1");
  });

  it("writes clouds.yaml and secure.yaml the broker's loader accepts, the secret coming from secure.yaml", () => {
    const overlay = load(
      readFileSync(join(ROOT, "deploy/kubernetes/overlays/production/kustomization.yaml"), "utf8"),
    ) as { configMapGenerator: { literals: string[] }[] };
    const osCloud = overlay.configMapGenerator[0].literals
      .find((l) => l.startsWith("OS_CLOUD="))!
      .slice("OS_CLOUD=".length);
    const cloud = loadCloudConfig({
      env: {
        OS_CLIENT_CONFIG_FILE: join(checkout, SECRETS_DIR, "clouds.yaml"),
        OS_CLIENT_SECURE_FILE: join(checkout, SECRETS_DIR, "secure.yaml"),
        OS_CLOUD: osCloud,
      },
      cwd: checkout,
      homeDir: join(checkout, "no-home"),
    });
    expect(cloud.name).toBe(osCloud);
    expect(cloud.auth).toMatchObject({ type: "v3applicationcredential" });
    expect(JSON.stringify(cloud.auth)).toContain("REPLACE-with-the-application-credential-secret");
    expect(readFileSync(join(checkout, SECRETS_DIR, "clouds.yaml"), "utf8")).not.toContain(
      "application_credential_secret",
    );
  });
});

/** Runs a block of docs/deploy.md with the kubectl shim; returns everything the shim rendered. */
function runWithKubectlShim(kubectl: Kubectl, block: string): K8sObject[] {
  const bin = join(checkout, `shim-bin-${Math.random().toString(36).slice(2)}`);
  mkdirSync(bin);
  const shim = join(bin, "kubectl");
  writeFileSync(
    shim,
    `#!/usr/bin/env bash
# kubectl for the docs tests: renders what a real one would send to the cluster, changes nothing.
set -euo pipefail
real=${JSON.stringify(kubectl.path)}
echo ---
for ((i = 1; i <= $#; i++)); do
  a=\${!i}; n=$((i + 1))
  case "$a" in
    create) exec "$real" "$@" --dry-run=client -o yaml ;;
    -k) exec "$real" kustomize "\${!n}" ;;
    -f) exec cat "\${!n}" ;;
  esac
done
echo "kubectl shim: no create, -k or -f in: $*" >&2
exit 2
`,
  );
  chmodSync(shim, 0o755);
  const out = execFileSync("bash", ["-euo", "pipefail", "-c", block], {
    cwd: checkout,
    encoding: "utf8",
    env: { ...kubectlEnv(), PATH: `${bin}:${process.env.PATH}` },
  });
  return parseObjects(out);
}

describeWithKubectl("docs/deploy.md: the kubectl blocks", (all) => {
  const kubectl = () => all[0];

  it("own-secrets: the three Secrets made by hand plus the base are everything the Deployment needs", () => {
    const objects = runWithKubectlShim(kubectl(), docBlock("own-secrets"));
    expect(
      objects
        .filter((o) => o.kind === "Secret")
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(["openstack-broker-auth", "openstack-broker-clouds", "openstack-broker-state-keys"]);
    for (const s of objects.filter((o) => o.kind === "Secret")) expect(s.metadata.namespace).toBe("openstack-broker");
    expect(unresolved(referencesOf(podSpecOf(one(objects, "Deployment", "openstack-broker"))), objects)).toEqual([]);
    const auth = readEnvFile(join(checkout, SECRETS_DIR, "broker-auth.env"));
    expect(secretValue(one(objects, "Secret", "openstack-broker-auth"), "password")).toBe(auth.password);
  });

  it("service-catalog: the Secret the ClusterServiceBroker names, with username and password", () => {
    const objects = runWithKubectlShim(kubectl(), docBlock("service-catalog"));
    const broker = one(objects, "ClusterServiceBroker") as K8sObject & {
      spec: { authInfo: { basic: { secretRef: { name: string; namespace: string } } } };
    };
    const ref = broker.spec.authInfo.basic.secretRef;
    const secret = one(objects, "Secret", ref.name);
    expect(secret.metadata.namespace).toBe(ref.namespace);
    const auth = readEnvFile(join(checkout, SECRETS_DIR, "broker-auth.env"));
    expect(secretValue(secret, "username")).toBe(auth.username);
    expect(secretValue(secret, "password")).toBe(auth.password);
  });

  it("crossplane: the credentials Secret holds base64 of {user, password}, as provider-osb decodes it", () => {
    const objects = runWithKubectlShim(kubectl(), docBlock("crossplane"));
    const config = one(objects, "ClusterProviderConfig") as K8sObject & {
      spec: { credentials: { secretRef: { name: string; namespace: string; key: string } } };
    };
    const ref = config.spec.credentials.secretRef;
    const secret = one(objects, "Secret", ref.name);
    expect(secret.metadata.namespace).toBe(ref.namespace);
    // decodeB64StringToBasicAuthConfig: base64.StdEncoding of the Secret's value, then JSON.
    const decoded = JSON.parse(Buffer.from(secretValue(secret, ref.key), "base64").toString("utf8")) as Record<
      string,
      string
    >;
    const auth = readEnvFile(join(checkout, SECRETS_DIR, "broker-auth.env"));
    expect(decoded).toEqual({ user: auth.username, password: auth.password });
    expect(objects.map((o) => o.kind).sort()).toEqual([
      "ClusterProviderConfig",
      "Secret",
      "ServiceBinding",
      "ServiceInstance",
    ]);
  });
});

describe("docs/deploy.md: Cloud Foundry / Korifi (block cloudfoundry, with a recording cf)", () => {
  function runWithCf(existing: string): string[][] {
    const bin = join(checkout, `cf-bin-${Math.random().toString(36).slice(2)}`);
    mkdirSync(bin);
    const log = join(bin, "calls");
    writeFileSync(join(bin, "brokers"), existing);
    writeFileSync(
      join(bin, "cf"),
      `#!/usr/bin/env bash\nprintf '%s\\0' "$@" >> ${JSON.stringify(log)}; printf '\\n' >> ${JSON.stringify(log)}\nif [ "$1" = service-brokers ]; then cat ${JSON.stringify(join(bin, "brokers"))}; fi\n`,
    );
    chmodSync(join(bin, "cf"), 0o755);
    execFileSync("bash", ["-euo", "pipefail", "-c", docBlock("cloudfoundry")], {
      cwd: checkout,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return readFileSync(log, "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => l.split("\0").filter((a) => a !== ""));
  }
  const services = () =>
    execFileSync("bash", ["-c", "sed -n 's/^  name: *//p' catalog/*.yaml"], { cwd: ROOT, encoding: "utf8" })
      .trim()
      .split("\n");

  it("creates the broker with the env file's credentials and enables every service of the catalog", () => {
    const auth = readEnvFile(join(checkout, SECRETS_DIR, "broker-auth.env"));
    const calls = runWithCf("name   url\nother-broker   http://x\n");
    expect(calls).toContainEqual([
      "create-service-broker",
      "openstack-broker",
      auth.username,
      auth.password,
      "http://openstack-broker.openstack-broker.svc:8080",
    ]);
    expect(calls.some((c) => c[0] === "update-service-broker")).toBe(false);
    const enabled = calls.filter((c) => c[0] === "enable-service-access");
    expect(enabled.map((c) => c[1]).sort()).toEqual(services().sort());
    // One service per catalog file: every one of them is enabled.
    expect(services()).toHaveLength(CATALOG_FILES());
    for (const c of enabled) expect(c.slice(2)).toEqual(["-b", "openstack-broker"]);
    expect(calls.at(-1)).toEqual(["marketplace", "-b", "openstack-broker"]);
  });

  it("updates a broker that is already registered", () => {
    const calls = runWithCf("name   url\nopenstack-broker   http://old\nzz-broker   http://z\n");
    expect(calls.some((c) => c[0] === "create-service-broker")).toBe(false);
    expect(calls.find((c) => c[0] === "update-service-broker")?.[1]).toBe("openstack-broker");
  });
});

/** The pod's environment, with mounts and emptyDirs moved under `root` and Secrets/ConfigMaps resolved. */
function podEnvironment(objects: readonly K8sObject[], root: string): Record<string, string> {
  const pod = podSpecOf(one(objects, "Deployment", "openstack-broker"));
  const c = pod.containers.find((x) => x.name === "broker") as Container;
  const mounts = (c.volumeMounts ?? []).map((m) => ({ ...m, local: join(root, m.name) }));
  for (const m of mounts) {
    mkdirSync(m.local, { recursive: true });
    const volume = pod.volumes!.find((v) => v.name === m.name)!;
    if (volume.secret) {
      const secret = one(objects, "Secret", volume.secret.secretName);
      for (const key of Object.keys(secret.data as object))
        writeFileSync(join(m.local, key), secretValue(secret, key), { mode: 0o440 });
    }
  }
  const relocate = (value: string) => {
    const m = mounts.find((x) => value === x.mountPath || value.startsWith(`${x.mountPath}/`));
    return m ? m.local + value.slice(m.mountPath.length) : value;
  };
  const env: Record<string, string> = {};
  for (const f of c.envFrom ?? [])
    if (f.configMapRef) Object.assign(env, one(objects, "ConfigMap", f.configMapRef.name).data);
  for (const e of c.env ?? []) {
    if (e.value !== undefined) env[e.name] = relocate(e.value);
    else if (e.valueFrom?.secretKeyRef)
      env[e.name] = secretValue(one(objects, "Secret", e.valueFrom.secretKeyRef.name), e.valueFrom.secretKeyRef.key);
    else if (e.valueFrom?.fieldRef?.fieldPath === "metadata.name") env[e.name] = "openstack-broker-5d8f7c9b4-x2x7q";
    else throw new Error(`env ${e.name}: no way to resolve ${JSON.stringify(e.valueFrom)}`);
  }
  return env;
}

describeWithKubectl("the production overlay's configuration starts a real broker", (all) => {
  describeOpenstack("on the tests' Keystone and Swift", () => {
    let running: BrokerProcess | undefined;
    let output = "";
    afterAll(async () => {
      if (running) await stopBroker(running);
    });

    it("listens, serves the catalog with the Secret's credentials, keeps its state in Swift and never simulates", async () => {
      // The cloud: the tests' application credential, split like the templates (secret in secure.yaml).
      const ci = load(readFileSync(join(openstackDir, "clouds.yaml"), "utf8")) as {
        clouds: Record<string, { auth: Record<string, string> } & Record<string, unknown>>;
      };
      const entry = structuredClone(ci.clouds["demo-appcred"]);
      const secret = entry.auth.application_credential_secret;
      delete entry.auth.application_credential_secret;
      const secrets = join(checkout, SECRETS_DIR);
      writeFileSync(join(secrets, "clouds.yaml"), dump({ clouds: { openstack: entry } }));
      writeFileSync(
        join(secrets, "secure.yaml"),
        dump({ clouds: { openstack: { auth: { application_credential_secret: secret } } } }),
      );
      const objects = parseObjects(kustomize(all[0], join(checkout, "deploy/kubernetes/overlays/production")));
      const env = podEnvironment(objects, join(checkout, "pod"));
      // What differs from the pod: any free port on loopback (Swift has 8080 here), and a prefix of
      // its own in the state container.
      const auth = readEnvFile(join(secrets, "broker-auth.env"));
      running = await spawnBroker(
        {
          ...env,
          PORT: "0",
          HOST: "127.0.0.1",
          STATE_PREFIX: `deploy-test-${Date.now().toString(36)}/`,
          OS_CLOUD: env.OS_CLOUD,
          STATE_DIR: join(checkout, "pod", "no-state-dir"),
        },
        { timeoutMs: 60_000, onOutput: (chunk) => (output += chunk) },
      );
      const headers = {
        Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`,
        "X-Broker-API-Version": "2.17",
      };
      const catalog = await fetch(`${running.url}/v2/catalog`, { headers });
      expect(catalog.status, output).toBe(200);
      expect(((await catalog.json()) as { services: unknown[] }).services).toHaveLength(CATALOG_FILES());
      expect(
        (await fetch(`${running.url}/v2/catalog`, { headers: { ...headers, Authorization: "Basic eDp5" } })).status,
      ).toBe(401);
      expect(output).toMatch(/state: +.*swift/i);
      expect(output).not.toMatch(/simulator/i);
      expect(output).toContain("password:  from BROKER_PASSWORD");
    });
  });
});
