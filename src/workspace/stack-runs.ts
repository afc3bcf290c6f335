import type { Catalog } from "../../catalog/catalog.js";
import type { Records, InstanceRecord, BindingRecord, OperationRecord } from "../../state/records.js";
import type { StackRunner, StackRunRequest, StackRunResult } from "../stack-run.js";
import type { JobContext } from "../worker.js";
import type { StackOutput } from "../../synth/synthesize.js";
import { planOf, stackSynth, type StackSpec } from "../stack-synth.js";
import type { CloudRun, CloudTargets } from "../../cloud/cloud-routing-terraform.js";

/** What every job needs. */
export interface JobDeps {
  readonly records: Records;
  readonly catalog: Catalog;
  readonly stacks: StackRunner;
  /**
   * Provider settings and env of the cloud an instance runs on (src/cloud/cloud-routing-terraform.ts).
   * Absent: no per-run cloud (the runner's global settings only).
   */
  readonly clouds?: Pick<CloudTargets, "forCloud">;
}

/** The cloud part of a run: the instance's recorded cloud (bindings use their instance's). */
function cloudRun(deps: JobDeps, instance: InstanceRecord): CloudRun {
  return deps.clouds?.forCloud(instance.cloud) ?? {};
}

/** Reads a record that MUST exist for the operation to make sense. */
export async function mustGetInstance(deps: JobDeps, op: OperationRecord): Promise<InstanceRecord> {
  const instance = await deps.records.getInstance(op.instanceId);
  if (instance === undefined) throw new Error(`instance ${op.instanceId} has no record`);
  return instance;
}

export async function mustGetBinding(deps: JobDeps, op: OperationRecord): Promise<BindingRecord> {
  const binding = await deps.records.getBinding(op.instanceId, op.bindingId ?? "");
  if (binding === undefined) throw new Error(`binding ${op.bindingId} has no record`);
  return binding;
}

/** Runs the instance stack of `instance` (as it would be with `planId`/`values`). */
export function runInstanceStack(
  deps: JobDeps,
  ctx: JobContext,
  instance: InstanceRecord,
  action: "apply" | "destroy",
  target: { planId: string; values: Readonly<Record<string, unknown>> } = { planId: instance.planId, values: instance.values },
): Promise<StackRunResult> {
  const spec = { plan: planOf(deps.catalog, target.planId), kind: "instance" as const, values: target.values, instanceId: instance.id, secrets: instance.secrets };
  return runStack(deps, ctx, instance, spec, action);
}

/** Runs a binding's stack (on its instance's cloud). */
export function runBindingStack(
  deps: JobDeps, ctx: JobContext, instance: InstanceRecord, binding: BindingRecord, action: "apply" | "destroy",
  extra: Pick<StackRunRequest, "goneWithInstance"> = {},
): Promise<StackRunResult> {
  const spec = {
    plan: planOf(deps.catalog, binding.planId),
    kind: "binding" as const,
    values: binding.values,
    instanceId: instance.id,
    bindingId: binding.id,
    instanceOutputs: instance.outputs as Record<string, StackOutput>,
    secrets: binding.secrets,
  };
  return runStack(deps, ctx, instance, spec, action, extra);
}

function runStack(
  deps: JobDeps, ctx: JobContext, instance: InstanceRecord, spec: StackSpec, action: "apply" | "destroy",
  extra: Pick<StackRunRequest, "goneWithInstance"> = {},
): Promise<StackRunResult> {
  return deps.stacks.run({
    ...extra,
    ...cloudRun(deps, instance),
    synth: stackSynth(deps.catalog, spec),
    action,
    ref: { instanceId: spec.instanceId, bindingId: spec.bindingId },
    signal: ctx.signal,
    deadline: ctx.deadline,
    log: ctx.log,
    onProgress: ctx.progress,
  });
}

/** Terraform outputs as the instance record keeps them (value + sensitivity). */
export function toStackOutputs(outputs: StackRunResult["outputs"]): Record<string, StackOutput> {
  return Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, { value: output.value, sensitive: output.sensitive }]));
}

/** Whether a stack defines a binding stack. */
export function hasBindingStack(deps: JobDeps, planId: string): boolean {
  const plan = deps.catalog.planById(planId);
  return plan !== undefined && deps.catalog.stackFor(plan).binding !== undefined;
}
