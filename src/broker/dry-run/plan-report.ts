import type { PlanAction, PlanResourceChange } from "../../terraform/plan-summary.js";

/**
 * The dry-run's result: the stable, documented document `plan --json` prints and
 * `POST /x-preview/service_instances/:id` answers (docs/cli.md, "JSON output"). Keys are snake_case
 * and only ever added to; `format_version` changes if one is removed or changes meaning.
 */
export interface PlanReport {
  readonly format_version: 1;
  /** `create`: a provision request; `update`: an update of an existing instance. */
  readonly kind: "create" | "update";
  readonly instance_id: string;
  readonly service: { readonly id: string; readonly name: string };
  readonly plan: { readonly id: string; readonly name: string };
  /** Update only: the instance's plan before the update (differs from `plan` for a plan change). */
  readonly previous_plan?: { readonly id: string; readonly name: string };
  /** What terraform planned against. */
  readonly target: PlanTarget;
  /** The parameter values terraform would receive (plan defaults <- previous <- given). */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly has_changes: boolean;
  readonly summary: {
    readonly create: number;
    readonly update: number;
    readonly replace: number;
    readonly delete: number;
  };
  /** Managed resources that change (no-ops and data reads left out), in terraform's order. */
  readonly resources: readonly ResourceReport[];
  /** Names of the credentials a binding would receive (never values). */
  readonly credentials: readonly string[];
  readonly warnings: readonly PlanWarning[];
  /** Update only: why the broker would answer 422 instead of accepting the update; null when it would accept it. */
  readonly refused: { readonly status: 422; readonly description: string } | null;
}

/** Where terraform planned: the simulator, a cloud, or nowhere (a stack of terraform built-ins). */
export interface PlanTarget {
  readonly kind: "simulator" | "cloud" | "none";
  readonly description: string;
}

/** One resource that changes. */
export interface ResourceReport {
  readonly address: string;
  readonly type: string;
  readonly action: Exclude<PlanAction, "no-op" | "read">;
  /** Changed attributes; sensitive ones carry no values, unknown ones no `after`. */
  readonly attributes: readonly {
    readonly name: string;
    readonly before?: unknown;
    readonly after?: unknown;
    readonly sensitive: boolean;
    readonly known_after_apply: boolean;
  }[];
  /** Replace only: the attributes that force it. */
  readonly replaced_because_of?: readonly string[];
  /**
   * True for a replace or delete of a resource that holds data (DEFAULT_STATEFUL_TYPES or the stack's
   * own), and for an in-place update that destroys data (the provider rules' `destructiveUpdates`).
   */
  readonly stateful: boolean;
}

/** A warning: a stateful resource replaced or deleted, a quota exceeded. */
export interface PlanWarning {
  readonly kind: "stateful" | "quota";
  readonly message: string;
  readonly address?: string;
}

/** Maps the plan summary's resource changes to the report's resources and counts. */
export function reportResources(
  changes: readonly PlanResourceChange[],
  stateful: ReadonlySet<string>,
): { resources: ResourceReport[]; summary: PlanReport["summary"] } {
  const summary = { create: 0, update: 0, replace: 0, delete: 0 };
  const resources: ResourceReport[] = [];
  for (const change of changes) {
    if (change.mode !== "managed" || change.action === "no-op" || change.action === "read") continue;
    summary[change.action]++;
    resources.push({
      address: change.address,
      type: change.type,
      action: change.action,
      attributes: change.attributes.map((a) => ({
        name: a.name,
        ...(a.sensitive || change.action === "create" ? {} : { before: a.before }),
        ...(a.sensitive || a.unknownAfter ? {} : { after: a.after }),
        sensitive: a.sensitive,
        known_after_apply: a.unknownAfter,
      })),
      ...(change.replacedBecauseOf?.length ? { replaced_because_of: change.replacedBecauseOf } : {}),
      stateful: stateful.has(change.address),
    });
  }
  return { resources, summary };
}
