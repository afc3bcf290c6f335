import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTerraformRunner } from "../terraform/runner.js";
import type { TerraformOutput, TerraformResult, TerraformRunner } from "../terraform/types.js";
import type { SynthesisResult } from "../synth/synthesize.js";
import { summarizePlan, type PlanResourceChange } from "../terraform/plan-summary.js";

/** Options of {@link createStackWorkspace}. */
export interface StackWorkspaceOptions {
  /** Environment for every terraform command: the simulator's `env` (TF_REATTACH_PROVIDERS...). */
  readonly env?: Readonly<Record<string, string>>;
  /** The runner. Default: the broker's real runner (`createTerraformRunner()`). */
  readonly runner?: TerraformRunner;
  /** Working directory. Default: a new temporary directory, removed by `dispose()`. */
  readonly dir?: string;
}

/** A synthesized stack in a terraform working directory. Every method runs real terraform. */
export interface StackWorkspace {
  readonly dir: string;
  /** `terraform init` (run once; the other methods call it first). */
  init(): Promise<TerraformResult>;
  validate(): Promise<TerraformResult>;
  /**
   * `terraform plan -out`; `resourceChanges` is `show -json`'s list (address and actions), `summary`
   * the same plan as the broker reads it (src/terraform/plan-summary.ts: changed attributes too).
   */
  plan(options?: {
    destroy?: boolean;
  }): Promise<
    TerraformResult & { hasChanges: boolean; resourceChanges: ResourceChange[]; summary: PlanResourceChange[] }
  >;
  apply(): Promise<TerraformResult>;
  output(): Promise<Record<string, TerraformOutput>>;
  destroy(): Promise<TerraformResult>;
  /** Replaces the configuration and variables (an update: a new plan or new parameters). */
  update(stack: SynthesisResult): Promise<void>;
  /** Removes the working directory when the harness created it. */
  dispose(): Promise<void>;
}

/** One entry of `terraform show -json`'s `resource_changes`. */
export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  /** `["create"]`, `["update"]`, `["delete", "create"]` (replace), `["no-op"]`... */
  readonly actions: readonly string[];
}

/**
 * Writes `cdk.tf.json` and `terraform.tfvars.json` of a synthesized stack (local backend) into a
 * working directory and drives terraform there, e.g. against the OpenStack simulator.
 */
export async function createStackWorkspace(
  stack: SynthesisResult,
  options: StackWorkspaceOptions = {},
): Promise<StackWorkspace> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "osb-stack-")));
  const runner = options.runner ?? createTerraformRunner();
  const run = { cwd: dir, env: { ...options.env } };
  let initialized: Promise<TerraformResult> | undefined;
  const write = async (result: SynthesisResult) => {
    await writeFile(join(dir, "cdk.tf.json"), JSON.stringify(result.config, null, 2));
    await writeFile(join(dir, "terraform.tfvars.json"), JSON.stringify(result.variables, null, 2));
  };
  await write(stack);
  const init = () => (initialized ??= runner.init(run));

  return {
    dir,
    init,
    async validate() {
      await init();
      return runner.validate(run);
    },
    async plan(planOptions = {}) {
      await init();
      const planFile = "harness.tfplan";
      const result = await runner.plan({ ...run, destroy: planOptions.destroy, out: planFile });
      const shown = await runner.showPlan({ ...run, planFile });
      const changes = (shown.resource_changes ?? []) as {
        address: string;
        type: string;
        change: { actions: string[] };
      }[];
      return {
        ...result,
        resourceChanges: changes.map((c) => ({ address: c.address, type: c.type, actions: c.change.actions })),
        summary: summarizePlan(shown),
      };
    },
    async apply() {
      await init();
      return runner.apply(run);
    },
    output: () => runner.output(run),
    async destroy() {
      await init();
      return runner.destroy(run);
    },
    update: write,
    async dispose() {
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The plain values of `terraform output -json`. */
export function outputValues(outputs: Record<string, TerraformOutput>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.value]));
}
