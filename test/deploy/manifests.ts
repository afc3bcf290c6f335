/**
 * Helpers of the deploy tests: a scratch copy of the repository's deploy/ (and catalog/) with the
 * production overlay's secret files written by docs/deploy.md's own commands, the tested blocks of
 * docs/deploy.md, and the Kubernetes objects a Deployment refers to.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadAll } from "js-yaml";

export const ROOT = resolve(import.meta.dirname, "../..");
export const DEPLOY_DOC = join(ROOT, "docs/deploy.md");

/** A Kubernetes object as rendered (only what the tests read is typed). */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly [field: string]: unknown;
}

/** Parses a multi-document YAML stream into objects (empty documents dropped). */
export function parseObjects(text: string): K8sObject[] {
  return (loadAll(text) as unknown[]).filter((doc): doc is K8sObject => doc !== null && typeof doc === "object");
}

/** The shell block that follows `<!-- test:NAME -->` in docs/deploy.md. */
export function docBlock(name: string): string {
  const doc = readFileSync(DEPLOY_DOC, "utf8");
  const match = new RegExp(`<!-- test:${name} -->\\n\`\`\`sh\\n([\\s\\S]*?)\\n\`\`\``).exec(doc);
  if (match === null)
    throw new Error(`docs/deploy.md has no block marked <!-- test:${name} --> followed by a sh code block`);
  return match[1];
}

/**
 * A scratch directory laid out like the repository (deploy/, catalog/), with the production
 * overlay's secret files written by docs/deploy.md's "secret-files" block, run as it is written.
 */
export function scratchCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), "osb-deploy-"));
  // Only the templates of secrets/: an operator's real secret files stay where they are.
  const notASecret = (source: string) =>
    !/\/overlays\/[^/]+\/secrets\/[^/]+$/.test(source) || /\.(example|gitignore)$/.test(source);
  cpSync(join(ROOT, "deploy"), join(dir, "deploy"), { recursive: true, filter: notASecret });
  cpSync(join(ROOT, "catalog"), join(dir, "catalog"), { recursive: true });
  execFileSync("bash", ["-euo", "pipefail", "-c", docBlock("secret-files")], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return dir;
}

/** Reads `key=value` lines (the env file format of kustomize and `kubectl --from-env-file`). */
export function readEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const eq = line.indexOf("=");
    if (line.trim() === "" || line.startsWith("#") || eq < 0) continue;
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

// ---- the parts of a Deployment the tests look at

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly secretKeyRef?: { readonly name: string; readonly key: string };
    readonly configMapKeyRef?: { readonly name: string; readonly key: string };
    readonly fieldRef?: { readonly fieldPath: string };
  };
}
export interface Probe {
  readonly httpGet?: { readonly path: string; readonly port: string | number };
}
export interface Container {
  readonly name: string;
  readonly image: string;
  readonly args?: readonly string[];
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[];
  readonly env?: readonly EnvVar[];
  readonly envFrom?: readonly {
    readonly configMapRef?: { readonly name: string };
    readonly secretRef?: { readonly name: string };
  }[];
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly startupProbe?: Probe;
  readonly resources?: { readonly requests?: Record<string, string>; readonly limits?: Record<string, string> };
  readonly securityContext?: Record<string, unknown> & {
    readonly capabilities?: { readonly drop?: readonly string[] };
  };
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string; readonly readOnly?: boolean }[];
}
export interface Volume {
  readonly name: string;
  readonly emptyDir?: { readonly medium?: string; readonly sizeLimit?: string };
  readonly secret?: {
    readonly secretName: string;
    readonly defaultMode?: number;
    readonly items?: readonly { readonly key: string }[];
  };
  readonly configMap?: { readonly name: string };
}
export interface PodSpec {
  readonly serviceAccountName?: string;
  readonly automountServiceAccountToken?: boolean;
  readonly terminationGracePeriodSeconds?: number;
  readonly securityContext?: Record<string, unknown>;
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly volumes?: readonly Volume[];
}
export interface DeploymentSpec {
  readonly replicas?: number;
  readonly strategy?: { readonly type?: string };
  readonly selector: { readonly matchLabels: Record<string, string> };
  readonly template: { readonly metadata: { readonly labels: Record<string, string> }; readonly spec: PodSpec };
}

/** The one object of `kind` (and name, when given); throws naming what is missing. */
export function one(objects: readonly K8sObject[], kind: string, name?: string): K8sObject {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ""}, found ${found.length}`);
  return found[0];
}

export function podSpecOf(deployment: K8sObject): PodSpec {
  return (deployment.spec as DeploymentSpec).template.spec;
}

/** A Secret or ConfigMap the pod uses, and the key it reads (undefined: all of it). */
export interface Reference {
  readonly kind: "Secret" | "ConfigMap";
  readonly name: string;
  readonly key?: string;
  readonly from: string;
}

/** Every Secret and ConfigMap the pod spec refers to: env, envFrom, volumes (with their items). */
export function referencesOf(pod: PodSpec): Reference[] {
  const refs: Reference[] = [];
  for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
    for (const e of c.env ?? []) {
      const s = e.valueFrom?.secretKeyRef;
      if (s) refs.push({ kind: "Secret", name: s.name, key: s.key, from: `env ${e.name}` });
      const m = e.valueFrom?.configMapKeyRef;
      if (m) refs.push({ kind: "ConfigMap", name: m.name, key: m.key, from: `env ${e.name}` });
    }
    for (const f of c.envFrom ?? []) {
      if (f.configMapRef) refs.push({ kind: "ConfigMap", name: f.configMapRef.name, from: "envFrom" });
      if (f.secretRef) refs.push({ kind: "Secret", name: f.secretRef.name, from: "envFrom" });
    }
  }
  for (const v of pod.volumes ?? []) {
    if (v.secret) {
      const keys = v.secret.items?.map((i) => i.key) ?? [undefined];
      for (const key of keys) refs.push({ kind: "Secret", name: v.secret.secretName, key, from: `volume ${v.name}` });
    }
    if (v.configMap) refs.push({ kind: "ConfigMap", name: v.configMap.name, from: `volume ${v.name}` });
  }
  return refs;
}

/** The keys of a Secret or ConfigMap object (data, stringData, binaryData). */
export function keysOf(object: K8sObject): string[] {
  return ["data", "stringData", "binaryData"].flatMap((field) =>
    Object.keys((object[field] as Record<string, unknown> | undefined) ?? {}),
  );
}

/** The value of a Secret's key, decoded. */
export function secretValue(secret: K8sObject, key: string): string {
  const data = secret.data as Record<string, string> | undefined;
  const stringData = secret.stringData as Record<string, string> | undefined;
  if (stringData?.[key] !== undefined) return stringData[key];
  if (data?.[key] !== undefined) return Buffer.from(data[key], "base64").toString("utf8");
  throw new Error(`Secret ${secret.metadata.name} has no key ${key}`);
}

/** References that the objects do not satisfy (missing object or missing key), as messages. */
export function unresolved(refs: readonly Reference[], objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const ref of refs) {
    const target = objects.find((o) => o.kind === ref.kind && o.metadata.name === ref.name);
    if (target === undefined) problems.push(`${ref.from}: ${ref.kind} ${ref.name} is not rendered`);
    else if (ref.key !== undefined && !keysOf(target).includes(ref.key))
      problems.push(`${ref.from}: ${ref.kind} ${ref.name} has no key ${ref.key}`);
  }
  return problems;
}
