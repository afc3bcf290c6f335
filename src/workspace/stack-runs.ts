import type { Catalog } from "../catalog/catalog.js";
import type { CloudTargets } from "../cloud/cloud-targets.js";
import { stackSynth, type StackSpec } from "./stack-synth.js";
import type {
  WorkspacePlanRequest,
  WorkspacePlanResult,
  WorkspaceRequest,
  WorkspaceRunner,
  WorkspaceRunRequest,
  WorkspaceRunResult,
} from "./workspace-runner.js";

/** Options of {@link createStackRuns}. */
export interface StackRunsOptions {
  readonly catalog: Catalog;
  readonly workspaces: WorkspaceRunner;
  /**
   * Provider settings, env and private files of the cloud a stack runs on (src/cloud/cloud-targets.ts).
   * Absent: no per-run cloud (the workspaces' global settings only).
   */
  readonly clouds?: Pick<CloudTargets, "forCloud">;
}

/** How a changing run goes: everything of a workspace run but the stack and its cloud. */
export type StackRunControl = Omit<WorkspaceRunRequest, keyof WorkspaceRequest>;
/** How a read-only plan goes: everything of a workspace plan but the stack and its cloud. */
export type StackPlanControl = Omit<WorkspacePlanRequest, keyof WorkspaceRequest>;

/**
 * Runs of a catalog's stacks on their cloud — the one way from a job or a preview to terraform:
 * the stack's construct and service come from the catalog (src/workspace/stack-synth.ts), the cloud's
 * provider settings, env and files from the cloud targets, and the run from the workspace runner.
 */
export interface StackRuns {
  /** A changing run (apply or destroy) of `stack` on `cloud` (absent: the default cloud). */
  run(stack: StackSpec, cloud: string | undefined, control: StackRunControl): Promise<WorkspaceRunResult>;
  /** A read-only plan of `stack` on `cloud`. */
  plan(stack: StackSpec, cloud: string | undefined, control: StackPlanControl): Promise<WorkspacePlanResult>;
}

export function createStackRuns(options: StackRunsOptions): StackRuns {
  // The cloud part of a workspace: resolved for every run (a rotated credential applies at once).
  const request = (stack: StackSpec, cloud: string | undefined): WorkspaceRequest => ({
    ...(options.clouds?.forCloud(cloud) ?? {}),
    synth: stackSynth(options.catalog, stack),
    ref: { instanceId: stack.instanceId, bindingId: stack.bindingId },
  });
  return {
    run: async (stack, cloud, control) => options.workspaces.run({ ...control, ...request(stack, cloud) }),
    plan: async (stack, cloud, control) => options.workspaces.plan({ ...control, ...request(stack, cloud) }),
  };
}
