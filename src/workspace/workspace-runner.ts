import { join } from "node:path";
import type { TerraformEvent, TerraformOutput, TerraformProgress, TerraformRunner } from "../terraform/types.js";
import { summarizeDrift, summarizePlan, type PlanResourceChange } from "../terraform/plan-summary.js";
import type { StateRef } from "../state/keys.js";
import { goneWithInstance } from "./gone-with-instance.js";
import { createInitCache, INIT_CACHE_DIR } from "./init-cache.js";
import { outputsOf } from "./outputs.js";
import { withWorkspace, type Workspace, type WorkspaceRequest, type WorkspaceSetup } from "./workspace.js";

export type { WorkspaceRequest } from "./workspace.js";

/** Options of {@link createWorkspaceRunner}: the workspaces' setup, terraform, and the store. */
export interface WorkspaceRunnerOptions extends WorkspaceSetup {
  readonly runner: TerraformRunner;
  /** Reads a stack's terraform state from the store (outputs are taken from it, no `terraform output`). */
  readonly readState: (ref: StateRef) => Promise<Uint8Array | undefined>;
}

/**
 * Where a run tells what it does: terraform's `-json` events by stack label (`instance`,
 * `binding:<id>`) and the broker's own lines. The worker's operation log is one.
 */
export interface RunLog {
  event(event: TerraformEvent, stack: string): void;
  broker(message: string): void;
}

/** One run that changes the stack: `init`, then `apply` or `destroy`. */
export interface WorkspaceRunRequest extends WorkspaceRequest {
  readonly action: "apply" | "destroy";
  readonly signal: AbortSignal;
  /** Absolute deadline (ms since epoch) for the whole run. */
  readonly deadline: number;
  readonly log: RunLog;
  readonly onProgress: (progress: TerraformProgress) => void;
  /**
   * Destroy only: resource types that die with the instance (ServiceDefinition.bindingGoneWithInstance).
   * When the destroy fails because the provider reports one of them not found, they are forgotten
   * (`terraform state rm`) and the destroy runs once more (src/workspace/gone-with-instance.ts).
   */
  readonly goneWithInstance?: readonly string[];
}

export interface WorkspaceRunResult {
  /** After an apply: the outputs of the stored state (none after a destroy). */
  readonly outputs: Record<string, TerraformOutput>;
}

/** A read-only plan of a stack against its current state: nothing is written anywhere. */
export interface WorkspacePlanRequest extends WorkspaceRequest {
  readonly destroy?: boolean;
  /** `plan -refresh-only`: what changed outside terraform (`drift`); `changes` then proposes none. */
  readonly refreshOnly?: boolean;
  readonly signal?: AbortSignal;
  readonly deadline: number;
  readonly onEvent?: (event: TerraformEvent) => void;
}

export interface WorkspacePlanResult {
  readonly hasChanges: boolean;
  readonly changes: readonly PlanResourceChange[];
  /** What the plan's refresh found changed outside terraform (`resource_drift`); empty when nothing. */
  readonly drift?: readonly PlanResourceChange[];
  /** Output names the stack declares. */
  readonly outputs: readonly string[];
}

/**
 * Runs terraform in workspaces (src/workspace/README.md): each call synthesizes the stack into a
 * fresh workspace (src/workspace/workspace.ts), does one run there and removes it.
 */
export interface WorkspaceRunner {
  /** `init`, then `apply` (outputs read from the stored state) or `destroy`. */
  run(request: WorkspaceRunRequest): Promise<WorkspaceRunResult>;
  /** `init`, `plan -lock=false -out`, `show -json`: what `run` would do, without doing it. */
  plan(request: WorkspacePlanRequest): Promise<WorkspacePlanResult>;
}

/**
 * The workspace runner over terraform. Terraform reaches the state through the broker's http
 * backend with the workspace's credentials, passed in the environment.
 */
export function createWorkspaceRunner(options: WorkspaceRunnerOptions): WorkspaceRunner {
  const { runner } = options;
  // MUST stay inside workDir (emptied at every start): a template never outlives its process.
  const inits = createInitCache({ dir: join(options.workDir, INIT_CACHE_DIR) });
  return {
    run(request) {
      const { ref, log } = request;
      const label = ref.bindingId === undefined ? "instance" : `binding:${ref.bindingId}`;
      // The state's lock is taken while the workspace is prepared; terraform's LOCK adopts it.
      return withWorkspace(options, { ...request, lockAhead: request.action }, async (ws) => {
        const common = () => ({
          ...commandOptions(ws, request),
          onEvent: (event: TerraformEvent) => log.event(event, label),
          onProgress: request.onProgress,
        });
        const init = () => runner.init(common());
        const reused = await inits.prepare(ws.dir, ws.config, ws.env, init);
        log.broker(`${label}: terraform init${reused ? " (reused an initialised directory)" : ""}`);
        log.broker(`${label}: terraform ${request.action}`);
        await inits.retry(reused, ws.dir, ws.config, ws.env, init, () =>
          ws.withPrivateFiles(async () => {
            if (request.action === "apply") return runner.apply(common());
            try {
              return await runner.destroy(common());
            } catch (error) {
              const gone = goneWithInstance(error, request.goneWithInstance ?? [], ws.config);
              if (gone.length === 0) throw error;
              // MUST only forget what terraform reported gone with the instance (see goneWithInstance).
              log.broker(
                `${label}: ${gone.join(", ")} went with the instance (not found): forgetting, then destroying the rest`,
              );
              await runner.stateRemove({ ...common(), addresses: gone });
              return runner.destroy(common());
            }
          }),
        );
        if (request.action !== "apply") return { outputs: {} };
        // The state this apply wrote last is the state after it (one store read fewer); an apply
        // that wrote nothing (no changes) reads the stored state.
        return { outputs: outputsOf(ws.writtenState() ?? (await options.readState(ref))) };
      });
    },
    plan(request) {
      return withWorkspace(options, request, async (ws) => {
        const common = () => ({ ...commandOptions(ws, request), onEvent: request.onEvent });
        const init = () => runner.init(common());
        const reused = await inits.prepare(ws.dir, ws.config, ws.env, init);
        const planFile = join(ws.dir, "preview.tfplan");
        const result = await inits.retry(reused, ws.dir, ws.config, ws.env, init, () =>
          ws.withPrivateFiles(() =>
            runner.plan({
              ...common(),
              out: planFile,
              lock: false,
              destroy: request.destroy,
              refreshOnly: request.refreshOnly,
            }),
          ),
        );
        const document = await runner.showPlan({ ...common(), planFile });
        return {
          hasChanges: result.hasChanges,
          changes: summarizePlan(document),
          drift: summarizeDrift(document),
          outputs: ws.outputs,
        };
      });
    },
  };
}

/** Options every terraform command of a run shares; the timeout is what is left until the deadline. */
function commandOptions(ws: Workspace, request: { readonly signal?: AbortSignal; readonly deadline: number }) {
  return { cwd: ws.dir, env: ws.env, signal: request.signal, timeoutMs: Math.max(1, request.deadline - Date.now()) };
}
