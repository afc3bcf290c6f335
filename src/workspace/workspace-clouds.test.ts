import { workDirLeftovers } from "../../test/helpers/work-dir-leftovers.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRunCredentialIssuer } from "./run-credentials.js";
import { defineService } from "../synth/service-definition.js";
import type { TerraformRunner, TerraformRunOptions } from "../terraform/types.js";
import {
  createWorkspaceRunner,
  type RunLog,
  type WorkspaceRunnerOptions,
  type WorkspaceRunRequest,
} from "./workspace-runner.js";

/**
 * The workspace runner's side of cloud routing, with a terraform double that records what `init` saw:
 * per-run provider settings and env go over the runner's global ones (the dry-run CLI's `--cloud`
 * still sets the global `providers`, and a run without its own cloud keeps it).
 */
let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "cloud-stack-run-"));
});
afterAll(() => rm(workDir, { recursive: true, force: true }));

interface Seen {
  readonly provider: unknown;
  readonly env: Readonly<Record<string, string>>;
  /** Files of the working directory at init, then at destroy (name → mode). */
  readonly files: Record<string, string>[];
}

async function filesOf(cwd: string): Promise<Record<string, string>> {
  const names = (await readdir(cwd)).filter((name) => name !== "cdk.tf.json");
  return Object.fromEntries(
    await Promise.all(names.map(async (name) => [name, ((await stat(join(cwd, name))).mode & 0o777).toString(8)])),
  );
}

function recordingRunner(seen: Seen[]): TerraformRunner {
  const result = { command: "init", exitCode: 0, durationMs: 1, diagnostics: [] } as const;
  const unused = () => Promise.reject(new Error("not used"));
  return {
    async init(options: TerraformRunOptions) {
      const config = JSON.parse(await readFile(join(options.cwd, "cdk.tf.json"), "utf8")) as { provider?: unknown };
      seen.push({ provider: config.provider, env: { ...options.env }, files: [await filesOf(options.cwd)] });
      return result;
    },
    async destroy(options: TerraformRunOptions) {
      seen[0].files.push(await filesOf(options.cwd));
      return { ...result, command: "destroy" };
    },
    validate: unused,
    plan: unused,
    apply: unused,
    output: unused,
    showPlan: unused,
  } as unknown as TerraformRunner;
}

const definition = defineService({
  providers: ["openstack"],
  instance: (_scope, ctx) => ctx.output("id", ctx.instanceId),
});
const plan = {
  id: "p",
  name: "small",
  description: "d",
  stack: "probe",
  defaults: {},
  settings: {},
  schemas: {},
  credentials: [],
  source: "x.yaml",
};
const service = {
  id: "s",
  name: "probe",
  description: "d",
  bindable: false,
  instances_retrievable: true,
  bindings_retrievable: false,
  plans: [plan],
  source: "x.yaml",
};
const log: RunLog = { event: () => undefined, broker: () => undefined };

async function destroyWith(
  options: Partial<WorkspaceRunnerOptions>,
  run: Partial<WorkspaceRunRequest>,
): Promise<Seen & { after: string[] }> {
  const seen: Seen[] = [];
  const stacks = createWorkspaceRunner({
    runner: recordingRunner(seen),
    workDir,
    stateBackendUrl: () => "http://127.0.0.1:9",
    credentials: createRunCredentialIssuer(),
    readState: async () => undefined,
    ...options,
  });
  await stacks.run({
    synth: { definition, service, plan, kind: "instance", values: {}, instanceId: "i-1" },
    action: "destroy",
    ref: { instanceId: "i-1" },
    signal: new AbortController().signal,
    deadline: Date.now() + 60_000,
    log,
    onProgress: () => undefined,
    ...run,
  });
  return { ...seen[0], after: await workDirLeftovers(workDir) };
}

describe("per-run cloud settings in the workspace runner", () => {
  it("a run's cloud and env go over the runner's global provider settings and env", async () => {
    const seen = await destroyWith(
      {
        providers: { openstack: { cloud: "global", insecure: true } },
        providerEnv: () => ({ TF_REATTACH_PROVIDERS: "{}", OS_CLIENT_CONFIG_FILE: "/old" }),
      },
      { providers: { openstack: { cloud: "team-a" } }, env: { OS_CLIENT_CONFIG_FILE: "/etc/openstack/clouds.yaml" } },
    );
    expect(seen.provider).toEqual({ openstack: [{ cloud: "team-a", insecure: true }] });
    expect(seen.env).toMatchObject({
      TF_REATTACH_PROVIDERS: "{}",
      OS_CLIENT_CONFIG_FILE: "/etc/openstack/clouds.yaml",
    });
    // The broker's own variables cannot be overridden by a cloud's env.
    expect(seen.env.TF_HTTP_ADDRESS).toBe("http://127.0.0.1:9/tfstate/instances/i-1");
  });

  it("without per-run settings the global ones stay (the dry-run CLI's --cloud)", async () => {
    const seen = await destroyWith({ providers: { openstack: { cloud: "from-cli" } } }, {});
    expect(seen.provider).toEqual({ openstack: [{ cloud: "from-cli" }] });
  });

  it("the run's private files (the cloud's clouds.yaml) exist, 0600, only while terraform runs after init", async () => {
    const seen = await destroyWith(
      {},
      { files: { "clouds.yaml": "clouds: {c: {auth: {password: s3cret}}}\n", "secure.yaml": "clouds: {}\n" } },
    );
    expect(seen.files).toEqual([{}, { "clouds.yaml": "600", "secure.yaml": "600", "terraform.tfvars.json": "600" }]);
    expect(seen.after).toEqual([]);
  });

  it("with no cloud anywhere the provider block is empty (the provider reads OS_* itself)", async () => {
    expect((await destroyWith({}, {})).provider).toEqual({ openstack: [{}] });
  });
});
