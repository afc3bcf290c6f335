/**
 * Runs one corpus configuration (or one multi-step test) against a simulator the way the SDK's
 * acceptance harness runs a test: per step plan (and `terraform validate` when it fails, to tell a
 * static error from a planning one), apply the saved plan, the step's state checks, plan again (it
 * MUST be empty unless the step expects otherwise: terraform-plugin-testing fails a step whose plan
 * is not empty after apply); then destroy, and nothing may be left in the cloud (CheckDestroy).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { TestSimulator } from "../helpers/simulator-harness.js";
import type { CorpusCheck } from "./corpus-types.js";
import { failedCheck, flatState } from "./state-checks.js";

/** How far a configuration got. `passed` = every stage succeeded. */
export type Stage = "init" | "validate" | "plan" | "apply" | "check" | "plan-after-apply" | "destroy" | "leftovers";

/** The outcome of a run: `passed`, or the stage that failed (`step 2: apply` in a sequence). */
export interface RunOutcome {
  readonly outcome: string;
  /** The first diagnostic of the failing command (summary and detail), when one failed. */
  readonly error?: string;
  readonly seconds: number;
}

/** One configuration to apply: HCL and the files it reads. */
export interface RunStep {
  readonly hcl: string;
  readonly files?: Readonly<Record<string, string>>;
  readonly expectNonEmptyPlan?: boolean;
  /** A `Destroy: true` step: destroy with this config instead of applying it. */
  readonly destroy?: boolean;
  /** The step's state checks, run after apply (as the SDK runs a step's Check). */
  readonly checks?: readonly CorpusCheck[];
}

/**
 * Applies `steps` in order in one working directory (one step: a single config), then destroys.
 * The outcome names the first stage that failed (and, for several steps, the step), as the SDK
 * stops a test at its first failure.
 */
export async function runSteps(simulator: TestSimulator, steps: readonly RunStep[]): Promise<RunOutcome> {
  const started = Date.now();
  const dir = await simulator.workdir({});
  const fail = (stage: Stage, error: string, step?: number): RunOutcome => ({
    outcome: steps.length > 1 && step !== undefined ? `step ${step}: ${stage}` : stage,
    error,
    seconds: (Date.now() - started) / 1000,
  });
  // A reattached provider is not installed: terraform needs no init for it (and in mirror mode
  // init installs the launcher from the filesystem mirror, as it would the real provider).
  if (simulator.mode === "mirror") {
    const init = await simulator.terraform(dir, "init", "-input=false", "-no-color");
    if (init.exitCode !== 0) return fail("init", firstDiagnostic(init.stderr));
  }
  for (const [n, step] of steps.entries()) {
    await writeFile(join(dir, "config.tf"), step.hcl);
    for (const [name, content] of Object.entries(step.files ?? {})) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), content);
    }
    const failed = await applyStep(simulator, dir, step);
    if (failed) {
      // As the SDK's harness does after a failed step: destroy what exists (its outcome is not judged).
      await simulator.terraform(dir, "destroy", "-auto-approve", "-input=false", "-no-color");
      return fail(failed.stage, failed.error, n + 1);
    }
  }
  const destroy = await simulator.terraform(dir, "destroy", "-auto-approve", "-input=false", "-no-color");
  if (destroy.exitCode !== 0) return fail("destroy", firstDiagnostic(destroy.stderr));
  const left = await simulator.cloud.list();
  if (left.length > 0)
    return fail("leftovers", `still in the cloud after destroy: ${left.map((r) => r.type).join(", ")}`);
  return { outcome: "passed", seconds: (Date.now() - started) / 1000 };
}

async function applyStep(
  simulator: TestSimulator,
  dir: string,
  step: RunStep,
): Promise<{ stage: Stage; error: string } | undefined> {
  if (step.destroy) {
    const destroy = await simulator.terraform(dir, "destroy", "-auto-approve", "-input=false", "-no-color");
    return destroy.exitCode === 0 ? undefined : { stage: "destroy", error: firstDiagnostic(destroy.stderr) };
  }
  const plan = await simulator.terraform(dir, "plan", "-input=false", "-no-color", "-out=tfplan");
  if (plan.exitCode !== 0) {
    // plan validates first; `terraform validate` tells a static error from one found while planning.
    const validate = await simulator.terraform(dir, "validate", "-no-color");
    if (validate.exitCode !== 0) return { stage: "validate", error: firstDiagnostic(validate.stderr) };
    return { stage: "plan", error: firstDiagnostic(plan.stderr) };
  }
  const apply = await simulator.terraform(dir, "apply", "-input=false", "-no-color", "tfplan");
  if (apply.exitCode !== 0) return { stage: "apply", error: firstDiagnostic(apply.stderr) };
  if (step.checks && step.checks.length > 0) {
    const failed = failedCheck(step.checks, flatState(await readFile(join(dir, "terraform.tfstate"), "utf8")));
    if (failed) return { stage: "check", error: failed };
  }
  const again = await simulator.terraform(dir, "plan", "-input=false", "-no-color", "-detailed-exitcode");
  if (again.exitCode === 1) return { stage: "plan-after-apply", error: firstDiagnostic(again.stderr) };
  if (again.exitCode === 2 && !step.expectNonEmptyPlan)
    return { stage: "plan-after-apply", error: `not empty: ${planSummary(again.stdout)}` };
  return undefined;
}

/** The first `Error:` of terraform's human output, with its detail, on one line. */
export function firstDiagnostic(stderr: string): string {
  // Diagnostics are boxed (│ ╷ ╵), expression values annotated under ├────.
  const lines = stderr.split("\n").map((l) =>
    l
      .replace(/^[│╷╵]\s?/, "")
      .replace(/^[├│]─*\s?/, "")
      .trim(),
  );
  const start = lines.findIndex((l) => l.startsWith("Error: "));
  if (start < 0) return stderr.trim().slice(0, 300);
  const detail: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("Error: ") || line.startsWith("Warning: ")) break;
    if (line === "" || /^(with|on) /.test(line) || /^\d+:/.test(line)) continue;
    detail.push(line);
  }
  return [lines[start], ...detail].join(" ").replace(/\s+/g, " ").slice(0, 400);
}

/** What a non-empty plan would change: its `# address will be ...` lines. */
function planSummary(stdout: string): string {
  const changes = stdout
    .split("\n")
    .filter((l) => /^\s*# \S+ (will|must) be /.test(l))
    .map((l) => l.trim().slice(2));
  return changes.length > 0 ? changes.join("; ").slice(0, 400) : "changes planned";
}
