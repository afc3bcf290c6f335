import { removeFinishedLeases } from "../leftover-leases.js";
import type { JobHandler } from "../job.js";
import { toStackOutputs } from "../../workspace/outputs.js";
import { bindingStackSpec, hasBindingStack, instanceStackSpec } from "../../workspace/stack-synth.js";
import { mustGetInstance, runOf, type JobsOptions } from "./jobs-options.js";

/** provision: apply the instance stack; the instance becomes `ready` with its outputs. */
export function createProvisionJob(deps: JobsOptions): JobHandler {
  return {
    async run(op, ctx) {
      const instance = await mustGetInstance(deps, op);
      const result = await deps.stacks.run(
        instanceStackSpec(deps.catalog, instance),
        instance.cloud,
        runOf(ctx, "apply"),
      );
      await deps.records.putInstance({ ...instance, status: "ready", outputs: toStackOutputs(result.outputs) });
      return "provisioned";
    },
    async failed(op) {
      const instance = await deps.records.getInstance(op.instanceId);
      if (instance !== undefined && instance.lastOperationId === op.id)
        await deps.records.putInstance({ ...instance, status: "failed" });
    },
  };
}

/** update: apply the instance stack with the target plan and values; the record follows on success. */
export function createUpdateJob(deps: JobsOptions): JobHandler {
  return {
    async run(op, ctx) {
      const instance = await mustGetInstance(deps, op);
      const target = op.target!;
      const spec = instanceStackSpec(deps.catalog, instance, { planId: target.planId, values: target.values });
      const result = await deps.stacks.run(spec, instance.cloud, runOf(ctx, "apply"));
      await deps.records.putInstance({
        ...instance,
        planId: target.planId,
        values: target.values,
        parameters: target.parameters,
        context: target.context ?? instance.context,
        maintenanceInfo: target.maintenanceInfo ?? instance.maintenanceInfo,
        status: "ready",
        outputs: toStackOutputs(result.outputs),
      });
      return "updated";
    },
    async failed(op) {
      // The instance keeps its previous plan and values; it is still usable and the update repeatable.
      const instance = await deps.records.getInstance(op.instanceId);
      if (instance !== undefined && instance.lastOperationId === op.id)
        await deps.records.putInstance({ ...instance, status: "ready" });
    },
  };
}

/**
 * deprovision: destroy every remaining binding stack, then the instance stack. The instance record
 * stays as a tombstone (`deleted`) so polls answer 410; terraform states are removed.
 */
export function createDeprovisionJob(deps: JobsOptions): JobHandler {
  return {
    async run(op, ctx) {
      const instance = await mustGetInstance(deps, op);
      // MUST: `deleted` (secrets cleared) is written only after every destroy succeeded: an instance
      // already deleted means a run was killed before its outcome; finish without terraform.
      if (instance.deleted) {
        await deps.records.purgeStates(instance.id);
        return "deprovisioned";
      }
      if (hasBindingStack(deps.catalog, instance.planId)) {
        for (const binding of await deps.records.listBindings(instance.id)) {
          if (binding.deleted) continue;
          await deps.stacks.run(
            bindingStackSpec(deps.catalog, instance, binding),
            instance.cloud,
            runOf(ctx, "destroy"),
          );
          await deps.records.putBinding({ ...binding, deleted: true, credentials: {}, secrets: {} });
        }
      }
      await deps.stacks.run(instanceStackSpec(deps.catalog, instance), instance.cloud, runOf(ctx, "destroy"));
      await deps.records.putInstance({ ...instance, deleted: true, outputs: {}, secrets: {} });
      await deps.records.purgeStates(instance.id);
      // Leases a kill left on the instance's finished operations (this one's is live: it stays).
      await removeFinishedLeases(deps.records, instance.id);
      return "deprovisioned";
    },
    async failed(op) {
      const instance = await deps.records.getInstance(op.instanceId);
      if (instance !== undefined && instance.lastOperationId === op.id)
        await deps.records.putInstance({ ...instance, status: "failed" });
    },
  };
}
