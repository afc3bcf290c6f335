/**
 * deploy/kubernetes rendered with `kubectl kustomize` (every kubectl found: Debian's 1.20 with
 * kustomize v2.0.3 in CI, and a newer one when the machine has it) and checked: the kinds, one
 * replica with Recreate, the probes, the security context, the memory-backed work directory, every
 * Secret/ConfigMap (and key) the Deployment uses, env names the broker reads, the registration examples.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { readFileSync, readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentedVariables, variableProblem } from "./broker-variables.js";
import { describeWithKubectl, kustomize } from "./kubectl.js";
import {
  type Container,
  type DeploymentSpec,
  type K8sObject,
  type PodSpec,
  ROOT,
  one,
  parseObjects,
  podSpecOf,
  referencesOf,
  scratchCheckout,
  unresolved,
} from "./manifests.js";

/** The longest SHUTDOWN_GRACE_SECONDS the manifests are sized for (docs/deploy.md, "Shutdown"). */
const MAX_DRAIN_SECONDS = 90;
/** Time after the drain and the kill grace to record outcomes and release leases in the store. */
const STORE_WRITES_SECONDS = 20;
const NAMESPACE = "openstack-broker";
const SECRETS = ["openstack-broker-auth", "openstack-broker-state-keys", "openstack-broker-clouds"];
/** kustomize's name suffix of generated objects. */
const unhashed = (name: string) => name.replace(/-[a-z0-9]{10}$/, "");

const broker = (pod: PodSpec): Container => {
  const found = pod.containers.find((c) => c.name === "broker");
  if (found === undefined) throw new Error("no container named broker");
  return found;
};
const envOf = (c: Container) => new Map((c.env ?? []).map((e) => [e.name, e]));
const mountOf = (c: Container, path: string) => (c.volumeMounts ?? []).find((m) => m.mountPath === path);
const volumeOf = (pod: PodSpec, name: string) => (pod.volumes ?? []).find((v) => v.name === name);

/** Every setting of the broker container: its env values and the ConfigMap(s) it takes whole. */
function settings(objects: readonly K8sObject[], c: Container): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const f of c.envFrom ?? []) {
    if (!f.configMapRef) continue;
    const cm = one(objects, "ConfigMap", f.configMapRef.name);
    for (const [k, v] of Object.entries((cm.data as Record<string, string>) ?? {})) out.set(k, v);
  }
  for (const e of c.env ?? []) out.set(e.name, e.value);
  return out;
}

/** Checks that hold for the base and every overlay. */
function workloadChecks(render: () => K8sObject[]) {
  it("has the broker's kinds: ServiceAccount, ConfigMap, Service, Deployment, PodDisruptionBudget", () => {
    const kinds = new Set(render().map((o) => o.kind));
    for (const kind of ["ServiceAccount", "ConfigMap", "Service", "Deployment", "PodDisruptionBudget"])
      expect(kinds).toContain(kind);
  });

  it("runs one replica, replaced with Recreate", () => {
    const spec = one(render(), "Deployment", "openstack-broker").spec as DeploymentSpec;
    expect(spec.replicas).toBe(1);
    expect(spec.strategy?.type).toBe("Recreate");
  });

  it("probes GET /healthz (startup, liveness) and GET /readyz (readiness) on the broker's PORT", () => {
    const objects = render();
    const c = broker(podSpecOf(one(objects, "Deployment", "openstack-broker")));
    const portOf = (port: string | number) =>
      typeof port === "number" ? port : c.ports?.find((p) => p.name === port)?.containerPort;
    const brokerPort = Number(settings(objects, c).get("PORT") ?? 8080);
    expect(c.livenessProbe?.httpGet?.path).toBe("/healthz");
    expect(c.startupProbe?.httpGet?.path).toBe("/healthz");
    expect(c.readinessProbe?.httpGet?.path).toBe("/readyz");
    for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe])
      expect(portOf(probe!.httpGet!.port)).toBe(brokerPort);
    // The Service sends platforms to the same port.
    const service = one(objects, "Service", "openstack-broker").spec as {
      ports: { port: number; targetPort: string | number }[];
      selector: Record<string, string>;
    };
    expect(service.ports.map((p) => portOf(p.targetPort))).toEqual([brokerPort]);
    const labels = (one(objects, "Deployment", "openstack-broker").spec as DeploymentSpec).template.metadata.labels;
    for (const [k, v] of Object.entries(service.selector)) expect(labels[k]).toBe(v);
  });

  it("runs as non-root with a read-only root filesystem, no privilege escalation, no capabilities, seccomp RuntimeDefault", () => {
    const pod = podSpecOf(one(render(), "Deployment", "openstack-broker"));
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(pod.securityContext?.runAsUser).not.toBe(0);
    for (const c of pod.containers) {
      expect(c.securityContext, c.name).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(c.securityContext?.capabilities?.drop).toEqual(["ALL"]);
      expect(c.securityContext?.privileged ?? false).toBe(false);
    }
  });

  it("mounts no service account token and binds no role", () => {
    const objects = render();
    expect(one(objects, "ServiceAccount", "openstack-broker").automountServiceAccountToken).toBe(false);
    const pod = podSpecOf(one(objects, "Deployment", "openstack-broker"));
    expect(pod.serviceAccountName).toBe("openstack-broker");
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(objects.filter((o) => /Role/.test(o.kind))).toEqual([]);
  });

  it("keeps WORK_DIR in a memory emptyDir, and every other writable place in an emptyDir", () => {
    const objects = render();
    const pod = podSpecOf(one(objects, "Deployment", "openstack-broker"));
    const c = broker(pod);
    const env = settings(objects, c);
    const emptyDirAt = (variable: string, { mountPoint }: { mountPoint: boolean }) => {
      const path = env.get(variable);
      expect(path, `${variable} is set`).toBeDefined();
      const mount = (c.volumeMounts ?? []).find((m) => path === m.mountPath || path!.startsWith(`${m.mountPath}/`));
      expect(mount, `${variable}=${path} is in a mount`).toBeDefined();
      // The broker removes and recreates WORK_DIR (and may the plugin cache) at start: rmdir of a
      // mount point fails with EBUSY, so those are folders inside their mounts.
      expect(
        mount!.mountPath === path,
        `${variable}=${path} is ${mountPoint ? "" : "not "}the mount point itself`,
      ).toBe(mountPoint);
      const volume = volumeOf(pod, mount!.name);
      expect(volume?.emptyDir, `${variable}'s volume is an emptyDir`).toBeDefined();
      return volume!.emptyDir!;
    };
    expect(emptyDirAt("WORK_DIR", { mountPoint: false }).medium).toBe("Memory");
    emptyDirAt("TF_PLUGIN_CACHE_DIR", { mountPoint: false });
    expect(emptyDirAt("TMPDIR", { mountPoint: true }).medium).toBe("Memory");
    // Every memory-backed volume has a size limit (it counts against the container's memory).
    for (const v of pod.volumes ?? [])
      if (v.emptyDir?.medium === "Memory") expect(v.emptyDir.sizeLimit, v.name).toBeDefined();
    // Every mount has its volume; only emptyDirs are writable.
    for (const m of c.volumeMounts ?? []) {
      const volume = volumeOf(pod, m.name);
      expect(volume, `volume ${m.name}`).toBeDefined();
      if (!volume!.emptyDir) expect(m.readOnly, `${m.mountPath} is read-only`).toBe(true);
    }
  });

  it("mounts clouds.yaml / secure.yaml where OS_CLIENT_CONFIG_FILE / OS_CLIENT_SECURE_FILE point, and the keys where STATE_ENCRYPTION_KEYS_FILE points", () => {
    const objects = render();
    const pod = podSpecOf(one(objects, "Deployment", "openstack-broker"));
    const c = broker(pod);
    const env = settings(objects, c);
    const secretFile = (variable: string) => {
      const file = env.get(variable)!;
      const dir = file.slice(0, file.lastIndexOf("/"));
      const mount = mountOf(c, dir);
      expect(mount, `${variable}=${file}: ${dir} is a mount`).toBeDefined();
      const volume = volumeOf(pod, mount!.name)!;
      expect(volume.secret, `${dir} comes from a Secret`).toBeDefined();
      return { secret: unhashed(volume.secret!.secretName), key: file.slice(dir.length + 1) };
    };
    expect(secretFile("OS_CLIENT_CONFIG_FILE")).toEqual({ secret: "openstack-broker-clouds", key: "clouds.yaml" });
    expect(secretFile("OS_CLIENT_SECURE_FILE")).toEqual({ secret: "openstack-broker-clouds", key: "secure.yaml" });
    expect(secretFile("STATE_ENCRYPTION_KEYS_FILE")).toEqual({ secret: "openstack-broker-state-keys", key: "keys" });
    const auth = envOf(c);
    expect(auth.get("BROKER_USERNAME")?.valueFrom?.secretKeyRef).toMatchObject({ key: "username" });
    expect(auth.get("BROKER_PASSWORD")?.valueFrom?.secretKeyRef).toMatchObject({ key: "password" });
    expect(unhashed(auth.get("BROKER_PASSWORD")!.valueFrom!.secretKeyRef!.name)).toBe("openstack-broker-auth");
    // Secret files readable by the broker's group only.
    for (const v of pod.volumes ?? []) if (v.secret) expect(v.secret.defaultMode, v.name).toBe(0o440);
  });

  it("sets only environment variables the broker reads (README configuration table, docs/state.md, docs/clouds.md, src/)", () => {
    const objects = render();
    const c = broker(podSpecOf(one(objects, "Deployment", "openstack-broker")));
    const documented = documentedVariables();
    const problems = [...settings(objects, c).keys()]
      .map((name) => variableProblem(name, documented))
      .filter((p) => p !== undefined);
    expect(problems).toEqual([]);
  });

  it("never simulates, keeps the state in Swift (encrypted) and gives BROKER_ID the pod's name", () => {
    const objects = render();
    const c = broker(podSpecOf(one(objects, "Deployment", "openstack-broker")));
    const env = settings(objects, c);
    expect(env.get("SIMULATE")).toBe("false");
    expect(env.get("STATE_STORE")).toBe("swift");
    expect(env.get("STATE_PLAINTEXT")).toBeUndefined();
    expect(envOf(c).get("BROKER_ID")?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.name");
    expect(c.args).toEqual(["serve"]);
  });

  it("gives SIGTERM more time than SHUTDOWN_GRACE_SECONDS plus KILL_GRACE_SECONDS plus the store writes", () => {
    const objects = render();
    const pod = podSpecOf(one(objects, "Deployment", "openstack-broker"));
    const env = settings(objects, broker(pod));
    // The broker's defaults when the ConfigMap does not set them (src/config/load-config.ts).
    const drain = Number(env.get("SHUTDOWN_GRACE_SECONDS") ?? 60);
    const killGrace = Number(env.get("KILL_GRACE_SECONDS") ?? 10);
    expect(drain).toBeLessThanOrEqual(MAX_DRAIN_SECONDS);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(drain + killGrace + STORE_WRITES_SECONDS);
  });

  it("requests memory and CPU and limits memory (sizes: docs/deploy.md, Resources)", () => {
    const c = broker(podSpecOf(one(render(), "Deployment", "openstack-broker")));
    expect(c.resources?.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(c.resources?.limits?.memory).toBeDefined();
  });

  it("has a PodDisruptionBudget that selects the broker and lets a drain evict its single pod", () => {
    const objects = render();
    const pdb = one(objects, "PodDisruptionBudget", "openstack-broker");
    expect(pdb.apiVersion).toBe("policy/v1");
    const spec = pdb.spec as {
      maxUnavailable?: number;
      minAvailable?: number;
      selector: { matchLabels: Record<string, string> };
    };
    expect(spec.maxUnavailable).toBe(1);
    expect(spec.minAvailable).toBeUndefined();
    const labels = (one(objects, "Deployment", "openstack-broker").spec as DeploymentSpec).template.metadata.labels;
    for (const [k, v] of Object.entries(spec.selector.matchLabels)) expect(labels[k]).toBe(v);
  });
}

/** Checks of an overlay that generates the Secrets. */
function withSecretsChecks(render: () => K8sObject[]) {
  it("renders every Secret and ConfigMap (and key) the Deployment refers to", () => {
    const objects = render();
    const refs = referencesOf(podSpecOf(one(objects, "Deployment", "openstack-broker")));
    expect(new Set(refs.filter((r) => r.kind === "Secret").map((r) => unhashed(r.name)))).toEqual(new Set(SECRETS));
    expect(unresolved(refs, objects)).toEqual([]);
  });

  it("puts everything in the openstack-broker namespace and uses the pushed image", () => {
    const objects = render();
    for (const o of objects)
      if (o.kind !== "Namespace") expect(o.metadata.namespace, `${o.kind} ${o.metadata.name}`).toBe(NAMESPACE);
    expect(one(objects, "Namespace", NAMESPACE).metadata.labels?.["pod-security.kubernetes.io/enforce"]).toBe(
      "restricted",
    );
    expect(broker(podSpecOf(one(objects, "Deployment", "openstack-broker"))).image).toBe(
      "registry.example.com/openstack-broker:0.1.0",
    );
  });
}

describeWithKubectl("deploy/kubernetes rendered with kubectl kustomize", (all) => {
  let checkout: string;
  beforeAll(() => {
    checkout = scratchCheckout();
  });
  afterAll(() => rmSync(checkout, { recursive: true, force: true }));

  for (const kubectl of all) {
    describe(`kubectl ${kubectl.version}`, () => {
      const cache = new Map<string, K8sObject[]>();
      const rendered = (dir: string) => () => {
        if (!cache.has(dir)) cache.set(dir, parseObjects(kustomize(kubectl, join(checkout, "deploy/kubernetes", dir))));
        return cache.get(dir)!;
      };

      describe("base", () => {
        workloadChecks(rendered("base"));
        it("refers to exactly the three Secrets docs/deploy.md tells you to create, by their plain names", () => {
          const refs = referencesOf(podSpecOf(one(rendered("base")(), "Deployment", "openstack-broker")));
          expect(new Set(refs.filter((r) => r.kind === "Secret").map((r) => r.name))).toEqual(new Set(SECRETS));
          // The ConfigMap is generated by the base itself.
          expect(
            unresolved(
              refs.filter((r) => r.kind === "ConfigMap"),
              rendered("base")(),
            ),
          ).toEqual([]);
        });
      });

      describe("overlays/production", () => {
        workloadChecks(rendered("overlays/production"));
        withSecretsChecks(rendered("overlays/production"));
      });

      describe("overlays/network-policy", () => {
        workloadChecks(rendered("overlays/network-policy"));
        withSecretsChecks(rendered("overlays/network-policy"));
        it("adds a NetworkPolicy on the broker's pods: ingress on the broker's port only, egress to DNS and the cloud", () => {
          const objects = rendered("overlays/network-policy")();
          const policy = one(objects, "NetworkPolicy", "openstack-broker").spec as {
            podSelector: { matchLabels: Record<string, string> };
            policyTypes: string[];
            ingress: { from: unknown[]; ports: { port: number }[] }[];
            egress: {
              to: { ipBlock?: { cidr: string }; namespaceSelector?: unknown }[];
              ports: { port: number; protocol: string }[];
            }[];
          };
          const labels = (one(objects, "Deployment", "openstack-broker").spec as DeploymentSpec).template.metadata
            .labels;
          for (const [k, v] of Object.entries(policy.podSelector.matchLabels)) expect(labels[k]).toBe(v);
          expect(policy.policyTypes.sort()).toEqual(["Egress", "Ingress"]);
          expect(policy.ingress.flatMap((r) => r.ports.map((p) => p.port))).toEqual([8080]);
          for (const rule of policy.ingress) expect(rule.from.length).toBeGreaterThan(0);
          expect(policy.egress.some((r) => r.ports.some((p) => p.port === 53 && p.protocol === "UDP"))).toBe(true);
          expect(policy.egress.some((r) => r.to.some((t) => t.ipBlock !== undefined))).toBe(true);
        });
      });
    });
  }
});

// ---- the registration examples (plain YAML: no kubectl needed)

const registration = (file: string) =>
  // biome-ignore lint/suspicious/noExplicitAny: the test walks deep into parsed JSON/YAML
  load(readFileSync(join(ROOT, "deploy/kubernetes/registration", file), "utf8")) as K8sObject & Record<string, any>;
const BROKER_URL = `http://openstack-broker.${NAMESPACE}.svc:8080`;

function catalogIds(): { services: Set<string>; plans: Map<string, string> } {
  const services = new Set<string>();
  const plans = new Map<string, string>(); // plan id -> service id
  for (const file of readdirSync(join(ROOT, "catalog")).filter((f) => f.endsWith(".yaml"))) {
    const doc = load(readFileSync(join(ROOT, "catalog", file), "utf8")) as {
      services: { id: string; plans: { id: string }[] }[];
    };
    for (const s of doc.services) {
      services.add(s.id);
      for (const p of s.plans) plans.set(p.id, s.id);
    }
  }
  return { services, plans };
}

describe("registration examples", () => {
  it("Service Catalog: a ClusterServiceBroker and a ServiceBroker at the broker's Service, with basic auth", () => {
    const cluster = registration("service-catalog/clusterservicebroker.yaml");
    expect([cluster.apiVersion, cluster.kind]).toEqual(["servicecatalog.k8s.io/v1beta1", "ClusterServiceBroker"]);
    expect(cluster.spec.url).toBe(BROKER_URL);
    expect(cluster.spec.authInfo.basic.secretRef).toEqual({ namespace: NAMESPACE, name: "openstack-broker-osb-auth" });
    const namespaced = registration("service-catalog/servicebroker.yaml");
    expect([namespaced.apiVersion, namespaced.kind]).toEqual(["servicecatalog.k8s.io/v1beta1", "ServiceBroker"]);
    expect(namespaced.metadata.namespace).toBeDefined();
    expect(namespaced.spec.url).toBe(BROKER_URL);
    expect(namespaced.spec.authInfo.basic.secretRef).toEqual({ name: "openstack-broker-osb-auth" });
  });

  it("Crossplane provider-osb: ClusterProviderConfig, ServiceInstance and ServiceBinding with the CRDs' required fields", () => {
    const config = registration("crossplane/clusterproviderconfig.yaml");
    expect([config.apiVersion, config.kind]).toEqual(["m.osb.crossplane.io/v1alpha1", "ClusterProviderConfig"]);
    expect(config.spec.broker_url).toBe(BROKER_URL);
    expect(config.spec.credentials).toEqual({
      source: "Secret",
      secretRef: { namespace: "crossplane-system", name: "openstack-broker-osb-creds", key: "creds" },
    });
    expect(config.disable_async).toBe(false);

    const instance = registration("crossplane/serviceinstance.yaml");
    expect([instance.apiVersion, instance.kind]).toEqual(["instance.m.osb.crossplane.io/v1alpha1", "ServiceInstance"]);
    expect(instance.spec.providerConfigRef).toEqual({ kind: "ClusterProviderConfig", name: config.metadata.name });
    const forProvider = instance.spec.forProvider;
    for (const field of ["instanceId", "serviceId", "planId", "organizationGuid", "spaceGuid"])
      expect(typeof forProvider[field], field).toBe("string");
    for (const field of ["platform", "namespace", "clusterId", "instanceName"])
      expect(typeof forProvider.context[field], `context.${field}`).toBe("string");
    expect(forProvider.context.platform).toBe("kubernetes");
    expect(forProvider.context.namespace).toBe(instance.metadata.namespace);
    expect(JSON.parse(forProvider.parameters)).toBeTypeOf("object");
    const { services, plans } = catalogIds();
    expect(services.has(forProvider.serviceId), "serviceId is a service of catalog/").toBe(true);
    expect(plans.get(forProvider.planId), "planId is a plan of that service").toBe(forProvider.serviceId);

    const binding = registration("crossplane/servicebinding.yaml");
    expect([binding.apiVersion, binding.kind]).toEqual(["binding.m.osb.crossplane.io/v1alpha1", "ServiceBinding"]);
    expect(binding.spec.providerConfigRef).toEqual(instance.spec.providerConfigRef);
    expect(binding.spec.forProvider.instance).toEqual({
      name: instance.metadata.name,
      namespace: instance.metadata.namespace,
    });
    expect(typeof binding.spec.writeConnectionSecretToRef.name).toBe("string");
    for (const field of ["platform", "namespace", "clusterId", "instanceName"])
      expect(typeof binding.spec.forProvider.context[field], `context.${field}`).toBe("string");
  });
});
