import type { TerraformCommand, TerraformEvent, TerraformProgress } from "./types.js";

/**
 * Progress counting from the `-json` event stream: `planned_change` events (minus no-ops) give the
 * total, `apply_complete` / `apply_errored` the resources done. A replace is done once both of its
 * halves (delete and create, in either order) have finished.
 */

/** Folds events into a {@link TerraformProgress}. */
export interface ProgressTracker {
  /** Feeds one event; returns true when the progress changed. */
  observe(event: TerraformEvent): boolean;
  /** The progress so far. */
  readonly progress: TerraformProgress;
}

/** Planned actions that do not count as work. */
const IDLE_ACTIONS = new Set(["noop", "no-op", ""]);

function addressOf(payload: unknown): string | undefined {
  if (payload === null || typeof payload !== "object") return undefined;
  const resource = (payload as { resource?: { addr?: unknown } }).resource;
  return typeof resource?.addr === "string" ? resource.addr : undefined;
}

function actionOf(payload: unknown): string {
  const action = (payload as { action?: unknown } | undefined)?.action;
  return typeof action === "string" ? action : "";
}

/** Creates a tracker for one command's stream. */
export function createProgressTracker(command: TerraformCommand): ProgressTracker {
  /** Planned address → how many apply_complete/apply_errored events finish it. */
  const planned = new Map<string, number>();
  const seen = new Map<string, number>();
  const finished = new Set<string>();
  let done = 0;
  let progress: TerraformProgress = { command, done: 0, total: 0 };

  const update = (): boolean => {
    if (progress.done === done && progress.total === planned.size) return false;
    progress = { command, done, total: planned.size };
    return true;
  };

  return {
    get progress() {
      return progress;
    },
    observe(event) {
      if (event.type === "planned_change") {
        const change = event.raw.change;
        const address = addressOf(change);
        const action = actionOf(change);
        if (!address || IDLE_ACTIONS.has(action)) return false;
        // A replace emits two completions (delete + create); everything else one.
        planned.set(address, action === "replace" ? 2 : 1);
        return update();
      }
      if (event.type === "apply_complete" || event.type === "apply_errored") {
        const address = addressOf(event.raw.hook);
        if (!address) return false;
        const count = (seen.get(address) ?? 0) + 1;
        seen.set(address, count);
        const needed = planned.get(address);
        // An errored half ends the resource's work; unplanned resources (e.g. data reads) don't count.
        if (needed !== undefined && !finished.has(address) && (count >= needed || event.type === "apply_errored")) {
          finished.add(address);
          done = finished.size;
        }
        return update();
      }
      return false;
    },
  };
}

const VERBS: Record<TerraformCommand, string> = {
  init: "initializing",
  validate: "validating",
  plan: "planning",
  apply: "applying",
  destroy: "destroying",
  output: "reading outputs",
  show: "reading the plan",
  state: "updating the state",
};

/** A short human description, e.g. "applying: 3 of 7 resources done", "destroying", "planning". */
export function describeProgress(progress: TerraformProgress): string {
  const verb = VERBS[progress.command];
  if ((progress.command !== "apply" && progress.command !== "destroy") || progress.total === 0) return verb;
  const noun = progress.total === 1 ? "resource" : "resources";
  return `${verb}: ${progress.done} of ${progress.total} ${noun} done`;
}
