import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { synthesize, type SynthesizeOptions } from "../synth/synthesize.js";
import type { TerraformEvent, TerraformOutput, TerraformProgress, TerraformRunner } from "../terraform/types.js";
import { summarizePlan, type PlanResourceChange } from "../terraform/plan-summary.js";
import type { RunCredentialIssuer } from "../http/state-backend-credentials.js";
import type { StateRef } from "../state/keys.js";
import type { OperationLog } from "./operation-log.js";
import { goneWithInstance } from "./gone-with-instance.js";

export interface StackRunnerOptions {
  readonly runner: TerraformRunner;
  /** Parent directory of the per-run working directories. */
  readonly workDir: string;
  /** Base URL of the broker's state backend, e.g. `http://127.0.0.1:8080` (known once listening). */
  readonly stateBackendUrl: () => string;
  readonly credentials: RunCredentialIssuer;
  /** Environment for every terraform command (simulator reattach, OS_CLIENT_CONFIG_FILE...). */
  readonly providerEnv?: () => Readonly<Record<string, string>>;
  /** Reads a stack's terraform state from the store (outputs are taken from it, no `terraform output`). */
  readonly readState: (ref: StateRef) => Promise<Uint8Array | undefined>;
  /** Literal provider configuration by provider name (the operator's choice, e.g. `cloud`). */
  readonly providers?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface StackRunRequest {
  readonly synth: Omit<SynthesizeOptions, "backend" | "providers">;
  readonly action: "apply" | "destroy";
  readonly ref: StateRef;
  readonly signal: AbortSignal;
  /** Absolute deadline (ms since epoch) for the whole run. */
  readonly deadline: number;
  readonly log: OperationLog;
  readonly onProgress: (progress: TerraformProgress) => void;
  /** Per-run provider settings (the instance's cloud, `{ openstack: { cloud } }`), over `StackRunnerOptions.providers`. */
  readonly providers?: StackRunnerOptions["providers"];
  /** Per-run terraform environment (the cloud's blanked OS_* variables), over `providerEnv`. */
  readonly env?: Readonly<Record<string, string>>;
  /** Private files for the working directory while terraform runs (the cloud's clouds.yaml): secrets. */
  readonly files?: Readonly<Record<string, string>>;
  /**
   * Destroy only: resource types that die with the instance (ServiceDefinition.bindingGoneWithInstance).
   * When the destroy fails because the provider reports one of them not found, they are forgotten
   * (`terraform state rm`) and the destroy runs once more (src/worker/gone-with-instance.ts).
   */
  readonly goneWithInstance?: readonly string[];
}

export interface StackRunResult {
  readonly outputs: Record<string, TerraformOutput>;
}

/** A read-only plan of a stack against its current state: nothing is written anywhere. */
export interface StackPlanRequest {
  readonly synth: Omit<SynthesizeOptions, "backend" | "providers">;
  readonly ref: StateRef;
  readonly destroy?: boolean;
  readonly signal?: AbortSignal;
  readonly deadline: number;
  readonly onEvent?: (event: TerraformEvent) => void;
  /** Per-run provider settings, as in {@link StackRunRequest.providers}. */
  readonly providers?: StackRunnerOptions["providers"];
  /** Per-run terraform environment, as in {@link StackRunRequest.env}. */
  readonly env?: Readonly<Record<string, string>>;
  /** Private files, as in {@link StackRunRequest.files}. */
  readonly files?: Readonly<Record<string, string>>;
}

export interface StackPlanResult {
  readonly hasChanges: boolean;
  readonly changes: readonly PlanResourceChange[];
  /** Output names the stack declares. */
  readonly outputs: readonly string[];
}

export interface StackRunner {
  run(request: StackRunRequest): Promise<StackRunResult>;
  /** `init`, `plan -lock=false -out`, `show -json`: what `run` would do, without doing it. */
  plan(request: StackPlanRequest): Promise<StackPlanResult>;
}

/** A prepared working directory: the synthesized stack, the env for terraform, the variables file. */
interface Workspace {
  readonly dir: string;
  /** The synthesized cdk.tf.json. */
  readonly config: Record<string, unknown>;
  readonly env: Readonly<Record<string, string>>;
  readonly outputs: readonly string[];
  /** Runs `fn` while terraform.tfvars.json and the run's private files exist; removes them afterwards. */
  withVariables<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * Runs one stack: synthesizes it into a fresh working directory, runs `init` and `apply` (or
 * `destroy`), reads the outputs from the stored state. Terraform reaches the state through the
 * broker's http backend with per-run credentials passed in the environment.
 * Rules: the variables file and the cloud's files (they may hold secrets) exist only while terraform
 * runs (init needs neither), private to the broker's user; the working
 * directory is removed when the run ends, successful or not; credentials are revoked in `finally`.
 */
export function createStackRunner(options: StackRunnerOptions): StackRunner {
  async function withWorkspace<T>(request: StackPlanRequest, fn: (ws: Workspace) => Promise<T>): Promise<T> {
    const { ref, synth } = request;
    const dir = join(options.workDir, `${ref.instanceId}-${ref.bindingId ?? "instance"}-${randomBytes(4).toString("hex")}`);
    const credentials = options.credentials.issue(ref);
    const address = `${options.stateBackendUrl()}/tfstate/instances/${ref.instanceId}${ref.bindingId === undefined ? "" : `/bindings/${ref.bindingId}`}`;
    const env = {
      ...(options.providerEnv?.() ?? {}),
      ...request.env,
      TF_HTTP_ADDRESS: address,
      TF_HTTP_LOCK_ADDRESS: address,
      TF_HTTP_UNLOCK_ADDRESS: address,
      TF_HTTP_USERNAME: credentials.username,
      TF_HTTP_PASSWORD: credentials.password,
    };
    try {
      const synthesis = synthesize({ ...synth, backend: "http", providers: mergeProviders(options.providers, request.providers) });
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(join(dir, "cdk.tf.json"), JSON.stringify(synthesis.config, null, 2));
      const varsFile = join(dir, "terraform.tfvars.json");
      const secretFiles = [[varsFile, JSON.stringify(synthesis.variables)] as const, ...Object.entries(request.files ?? {}).map(([name, text]) => [join(dir, name), text] as const)];
      return await fn({
        dir,
        config: synthesis.config,
        env,
        outputs: synthesis.outputs,
        async withVariables(inner) {
          try {
            for (const [file, text] of secretFiles) await writeFile(file, text, { mode: 0o600 });
            return await inner();
          } finally {
            // MUST remove every secret file, whatever terraform did.
            await Promise.all(secretFiles.map(([file]) => rm(file, { force: true })));
          }
        },
      });
    } finally {
      credentials.revoke();
      await rm(dir, { recursive: true, force: true });
    }
  }

  return {
    run(request) {
      const { ref, log } = request;
      const label = ref.bindingId === undefined ? "instance" : `binding:${ref.bindingId}`;
      return withWorkspace(request, async (ws) => {
        const common = () => ({ ...commandOptions(ws, request), onEvent: (event: TerraformEvent) => log.event(event, label), onProgress: request.onProgress });
        log.broker(`${label}: terraform init`);
        await options.runner.init(common());
        log.broker(`${label}: terraform ${request.action}`);
        await ws.withVariables(async () => {
          if (request.action === "apply") return options.runner.apply(common());
          try {
            return await options.runner.destroy(common());
          } catch (error) {
            const gone = goneWithInstance(error, request.goneWithInstance ?? [], ws.config);
            if (gone.length === 0) throw error;
            // MUST only forget what terraform reported gone with the instance (see goneWithInstance).
            log.broker(`${label}: ${gone.join(", ")} went with the instance (not found): forgetting, then destroying the rest`);
            await options.runner.stateRemove({ ...common(), addresses: gone });
            return options.runner.destroy(common());
          }
        });
        return { outputs: request.action === "apply" ? outputsOf(await options.readState(ref)) : {} };
      });
    },
    plan(request) {
      return withWorkspace(request, async (ws) => {
        const common = () => ({ ...commandOptions(ws, request), onEvent: request.onEvent });
        await options.runner.init(common());
        const planFile = join(ws.dir, "preview.tfplan");
        const result = await ws.withVariables(() => options.runner.plan({ ...common(), out: planFile, lock: false, destroy: request.destroy }));
        const document = await options.runner.showPlan({ ...common(), planFile });
        return { hasChanges: result.hasChanges, changes: summarizePlan(document), outputs: ws.outputs };
      });
    },
  };
}

/** Options every terraform command of a run shares; the timeout is what is left until the deadline. */
function commandOptions(ws: Workspace, request: { readonly signal?: AbortSignal; readonly deadline: number }) {
  return { cwd: ws.dir, env: ws.env, signal: request.signal, timeoutMs: Math.max(1, request.deadline - Date.now()) };
}

/** Provider settings of a run over the runner's: per provider name, the run's keys win. */
function mergeProviders(global: StackRunnerOptions["providers"], run: StackRunnerOptions["providers"]): StackRunnerOptions["providers"] {
  if (run === undefined) return global;
  const out: Record<string, Readonly<Record<string, unknown>>> = { ...global };
  for (const [name, settings] of Object.entries(run)) out[name] = { ...out[name], ...settings };
  return out;
}

/**
 * The root module's outputs from a terraform state (format version 4), as `terraform output -json`
 * reports them; reading them from the state the broker stores saves a terraform process per apply.
 */
export function outputsOf(state: Uint8Array | undefined): Record<string, TerraformOutput> {
  if (state === undefined) return {};
  const parsed = JSON.parse(new TextDecoder().decode(state)) as { version?: number; outputs?: Record<string, TerraformOutput> };
  if (parsed.version !== 4) throw new Error(`unsupported terraform state version ${parsed.version}`);
  return parsed.outputs ?? {};
}
