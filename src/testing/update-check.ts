import { randomUUID } from "node:crypto";
import { synthesizeService } from "./service-harness.js";
import { describeDestructive, destructiveStatefulChanges } from "../broker/stateful-resources.js";
import { providerDestructiveUpdates } from "../broker/destructive-update-rules.js";
import { createStackWorkspace, type ResourceChange, type StackWorkspaceOptions } from "./stack-workspace.js";

/** One side of an update: a plan and the request's parameters. */
export interface UpdateSide {
  readonly plan: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
}

/** Options of {@link planUpdate}. */
export interface PlanUpdateOptions extends Pick<StackWorkspaceOptions, "env" | "runner"> {
  readonly service: string;
  readonly from: UpdateSide;
  readonly to: UpdateSide;
}

/** What terraform would do to each resource on the update. */
export interface PlannedUpdate {
  /** Changes other than no-op, e.g. `{ address, type, actions: ["delete", "create"] }`. */
  readonly changes: readonly ResourceChange[];
  /**
   * Addresses the broker's 422 guard refuses without `allow_replace`: stateful resources replaced or
   * deleted, and in-place updates that destroy data (the provider rules' `destructiveUpdates`).
   */
  readonly destructive: readonly string[];
  /** The broker's 422 description for this update; undefined when it would accept it. */
  readonly refusal?: string;
}

/**
 * Provisions `from` with real terraform, then plans the update to `to` (another plan and/or other
 * parameters, validated by the update schema and merged like the broker: new plan's defaults ←
 * previous values ← given) and reports terraform's own verdict from `show -json` and the broker's
 * (would it answer 422?). Destroys everything afterwards.
 */
export async function planUpdate(options: PlanUpdateOptions): Promise<PlannedUpdate> {
  const instanceId = randomUUID();
  const first = await synthesizeService({
    service: options.service,
    plan: options.from.plan,
    parameters: options.from.parameters,
    instanceId,
  });
  const workspace = await createStackWorkspace(first, options);
  try {
    await workspace.apply();
    const next = await synthesizeService({
      service: options.service,
      plan: options.to.plan,
      action: "update",
      previous: first.values,
      parameters: options.to.parameters,
      instanceId,
    });
    await workspace.update(next);
    const plan = await workspace.plan();
    const changes = plan.resourceChanges.filter((c) => c.actions.join() !== "no-op");
    const refused = destructiveStatefulChanges(first.entry.definition, plan.summary, providerDestructiveUpdates());
    await workspace.update(first);
    await workspace.destroy();
    return {
      changes,
      destructive: refused.map((c) => c.address),
      ...(refused.length > 0 ? { refusal: describeDestructive(refused) } : {}),
    };
  } finally {
    await workspace.dispose();
  }
}
