/**
 * The kubectl binaries the deploy tests render with, and `describe` that needs one.
 *
 * `KUBECTL` (what .ci/run sets: Debian's kubernetes-client, kubectl 1.20 with kustomize v2.0.3, the
 * oldest kustomize the manifests promise to work with) and any other `kubectl` on the PATH: every
 * manifest is rendered by each, so old and new kustomize are both held to it.
 * With none: with `CI=true` the suites FAIL (a dependency missing in CI is a failure); locally they
 * are skipped with a message that says what to install.
 */
import { execFileSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { delimiter, join } from "node:path";
import { describe, it } from "vitest";

/** One kubectl and the kustomize inside it. */
export interface Kubectl {
  readonly path: string;
  /** e.g. "v1.20.2 (kustomize v2.0.3)". */
  readonly version: string;
}

const INSTALL =
  "install Debian's kubernetes-client (`apt-get install kubernetes-client`, or as .ci/run does: `bash scripts/ci-kubectl.sh` then `export KUBECTL=/tmp/osb-kubectl/usr/bin/kubectl`) or set KUBECTL to a kubectl";

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, name);
    if (dir !== "" && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function describeVersion(path: string): string {
  const out = execFileSync(path, ["version", "--client"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: kubectlEnv(),
  });
  const version = /GitVersion:"([^"]+)"/.exec(out)?.[1] ?? /Client Version: (\S+)/.exec(out)?.[1] ?? out.trim();
  const kustomize = /Kustomize Version: (\S+)/.exec(out)?.[1];
  if (kustomize !== undefined) return `${version} (kustomize ${kustomize})`;
  // kubectl 1.14-1.20 embed kustomize v2.0.3 and do not print it.
  const minor = Number(/^v1\.(\d+)\./.exec(version)?.[1]);
  return minor >= 14 && minor <= 20 ? `${version} (kustomize v2.0.3)` : version;
}

/** kubectl needs no cluster for what the tests do; keep it away from any real kubeconfig. */
export function kubectlEnv(): NodeJS.ProcessEnv {
  return { ...process.env, KUBECONFIG: "/nonexistent/osb-deploy-tests/kubeconfig" };
}

function find(): { readonly kubectls: readonly Kubectl[]; readonly problem?: string } {
  const problems: string[] = [];
  const paths: string[] = [];
  const explicit = process.env.KUBECTL;
  if (explicit) {
    if (existsSync(explicit)) paths.push(explicit);
    else problems.push(`KUBECTL=${explicit} does not exist`);
  }
  const fromPath = onPath("kubectl");
  if (fromPath !== undefined && !paths.some((p) => realpathSync(p) === realpathSync(fromPath))) paths.push(fromPath);
  const kubectls: Kubectl[] = [];
  for (const path of paths) {
    try {
      kubectls.push({ path, version: describeVersion(path) });
    } catch (error) {
      problems.push(`${path} does not run: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  if (problems.length > 0) return { kubectls, problem: problems.join("; ") };
  return kubectls.length > 0
    ? { kubectls }
    : { kubectls, problem: `no kubectl (KUBECTL unset, none on the PATH): ${INSTALL}` };
}

const found = find();

/** Every kubectl found (see the file comment). */
export const kubectls: readonly Kubectl[] = found.kubectls;

/** `describe` that needs at least one working kubectl; `body` gets them all. */
export function describeWithKubectl(name: string, body: (all: readonly Kubectl[]) => void): void {
  if (found.problem === undefined) {
    describe(name, () => body(found.kubectls));
  } else if (process.env.CI === "true") {
    describe(name, () => {
      it("needs kubectl (CI=true: a missing kubectl is a failure)", () => {
        throw new Error(found.problem);
      });
    });
  } else {
    console.warn(`[deploy tests] skipped "${name}": ${found.problem}`);
    describe.skip(`${name} (skipped: ${found.problem})`, () => body([]));
  }
}

/** `kubectl kustomize DIR`, parsed. */
export function kustomize(kubectl: Kubectl, dir: string): string {
  return execFileSync(kubectl.path, ["kustomize", dir], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: kubectlEnv(),
  });
}
