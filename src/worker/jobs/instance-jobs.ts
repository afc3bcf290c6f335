import { removeFinishedLeases } from "../leftover-leases.js";
import type { JobHandler } from "../job.js";
import { toStackOutputs } from "../../workspace/outputs.js";
import { bindingStackSpec, hasBindingStack, instanceStackSpec } from "../../workspace/stack-synth.js";
import { mustGetInstance, runOf, type JobsOptions } from "./jobs-options.js";
import type { InstanceRecord } from "../../state/records.js";
import type { JobContext } from "../job.js";
import { credentialsOf } from "./binding-jobs.js";

/** Applies every ready binding's stack again with the current construct and records its credentials. */
async function reapplyBindings(deps: JobsOptions, instance: InstanceRecord, ctx: JobContext): Promise<void> {
  if (!hasBindingStack(deps.catalog, instance.planId)) return;
  for (const binding of await deps.records.listBindings(instance.id)) {
    if (binding.deleted || binding.status !== "ready") continue;
    const run = runOf(ctx, "apply");
    const { outputs } = await deps.stacks.run(bindingStackSpec(deps.catalog, instance, binding), instance.cloud, run);
    const credentials = credentialsOf(deps, binding.planId, instance.outputs, outputs);
    await deps.records.putBinding({ ...binding, credentials });
  }
}

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

/**
 * update: apply the instance stack with the target plan and values (always the current construct);
 * the record follows on success. When the instance was applied with another maintenance_info version
 * (an upgrade, or any update after the construct changed), its bindings' stacks are applied again
 * too, and only then is the new version recorded: a failed upgrade leaves the old version, so the
 * instance stays outdated and the upgrade can be repeated.
 */
export function createUpdateJob(deps: JobsOptions): JobHandler {
  return {
    async run(op, ctx) {
      const instance = await mustGetInstance(deps, op);
      const target = op.target!;
      const spec = instanceStackSpec(deps.catalog, instance, { planId: target.planId, values: target.values });
      const result = await deps.stacks.run(spec, instance.cloud, runOf(ctx, "apply"));
      const applied: InstanceRecord = {
        ...instance,
        planId: target.planId,
        values: target.values,
        parameters: target.parameters,
        context: target.context ?? instance.context,
        outputs: toStackOutputs(result.outputs),
      };
      const version = target.maintenanceInfo ?? instance.maintenanceInfo;
      if (version?.version !== instance.maintenanceInfo?.version) {
        await deps.records.putInstance(applied); // still `updating`, still the old version
        await reapplyBindings(deps, applied, ctx);
      }
      await deps.records.putInstance({ ...applied, maintenanceInfo: version, status: "ready" });
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
      // The states, and the leases a kill left on the instance's finished operations (this one's is
      // live: it stays): independent objects, removed at once.
      await Promise.all([deps.records.purgeStates(instance.id), removeFinishedLeases(deps.records, instance.id)]);
      return "deprovisioned";
    },
    async failed(op) {
      const instance = await deps.records.getInstance(op.instanceId);
      if (instance !== undefined && instance.lastOperationId === op.id)
        await deps.records.putInstance({ ...instance, status: "failed" });
    },
  };
}
