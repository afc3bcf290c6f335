import type { JobHandler } from "../job.js";
import { bindingStackSpec } from "../../workspace/stack-synth.js";
import { mustGetBinding, mustGetInstance, runOf, type JobsOptions } from "./jobs-options.js";

/**
 * Credentials of a binding: every output of its binding stack, plus the instance outputs that the
 * service definition and the catalog plan mark as credentials. Binding outputs win on a name clash.
 */
export function credentialsOf(
  deps: JobsOptions,
  planId: string,
  instanceOutputs: Readonly<Record<string, unknown>>,
  bindingOutputs: Readonly<Record<string, { value: unknown }>>,
): Record<string, unknown> {
  const plan = deps.catalog.planById(planId);
  const names = new Set([
    ...(plan ? (deps.catalog.stackFor(plan).credentials ?? []) : []),
    ...(plan?.credentials ?? []),
  ]);
  const credentials: Record<string, unknown> = {};
  for (const name of names) {
    const output = instanceOutputs[name] as { value: unknown } | undefined;
    if (output !== undefined && output.value !== null) credentials[name] = output.value;
  }
  for (const [name, output] of Object.entries(bindingOutputs))
    if (output.value !== null) credentials[name] = output.value;
  return credentials;
}

/** bind: apply the binding stack (if the service has one) and record the credentials. */
export function createBindJob(deps: JobsOptions): JobHandler {
  return {
    async run(op, ctx) {
      const instance = await mustGetInstance(deps, op);
      const binding = await mustGetBinding(deps, op);
      const plan = deps.catalog.planById(binding.planId);
      const hasStack = plan !== undefined && deps.catalog.stackFor(plan).binding !== undefined;
      const outputs = hasStack
        ? (
            await deps.stacks.run(
              bindingStackSpec(deps.catalog, instance, binding),
              instance.cloud,
              runOf(ctx, "apply"),
            )
          ).outputs
        : {};
      const credentials = credentialsOf(deps, binding.planId, instance.outputs, outputs);
      await deps.records.putBinding({ ...binding, status: "ready", credentials });
      return "bound";
    },
    async failed(op) {
      const binding = await deps.records.getBinding(op.instanceId, op.bindingId ?? "");
      if (binding !== undefined && binding.lastOperationId === op.id)
        await deps.records.putBinding({ ...binding, status: "failed" });
    },
  };
}

/** unbind: destroy only the binding stack (credentials revoked); the instance stays. */
export function createUnbindJob(deps: JobsOptions): JobHandler {
  return {
    async run(op, ctx) {
      const instance = await mustGetInstance(deps, op);
      const binding = await mustGetBinding(deps, op);
      // MUST: `deleted` (secrets cleared) is written only after the destroy succeeded, so a binding
      // already deleted means a run of this operation was killed before its outcome: the destroy is
      // done and cannot run again (its secrets are gone). The resumed run only records success.
      if (binding.deleted) return "unbound";
      const plan = deps.catalog.planById(binding.planId);
      const definition = plan === undefined ? undefined : deps.catalog.stackFor(plan);
      if (definition?.binding !== undefined) {
        const run = runOf(ctx, "destroy", { goneWithInstance: definition.bindingGoneWithInstance });
        await deps.stacks.run(bindingStackSpec(deps.catalog, instance, binding), instance.cloud, run);
      }
      await deps.records.putBinding({ ...binding, deleted: true, credentials: {}, secrets: {} });
      return "unbound";
    },
    async failed(op) {
      const binding = await deps.records.getBinding(op.instanceId, op.bindingId ?? "");
      if (binding !== undefined && binding.lastOperationId === op.id)
        await deps.records.putBinding({ ...binding, status: "failed" });
    },
  };
}
