import { createProgressTracker } from "./progress.js";
import { TerraformError } from "./types.js";
import type {
  TerraformCommand,
  TerraformEvent,
  TerraformOutput,
  TerraformResult,
  TerraformRunOptions,
  TerraformRunner,
} from "./types.js";

/** Test double of {@link TerraformRunner}: records calls, returns configured results, fails on demand. */

/** A runner method name. */
export type FakeRunnerMethod =
  | "init"
  | "validate"
  | "plan"
  | "apply"
  | "destroy"
  | "output"
  | "showPlan"
  | "stateRemove";

/** One recorded call: the method and the options it was given (planFile, destroy, out included). */
export interface FakeRunnerCall {
  readonly method: FakeRunnerMethod;
  readonly options: TerraformRunOptions & {
    readonly planFile?: string;
    readonly destroy?: boolean;
    readonly out?: string;
    readonly addresses?: readonly string[];
  };
}

/** Options of {@link createFakeRunner}. */
export interface FakeRunnerOptions {
  /** What `output` returns. Default {}. */
  readonly outputs?: Record<string, TerraformOutput>;
  /** What `showPlan` returns. Default: a plan with no resource changes. */
  readonly plan?: Record<string, unknown>;
  /** What `plan` reports. Default true. */
  readonly hasChanges?: boolean;
  /** Events replayed to `onEvent` (and counted for `onProgress`) per method. */
  readonly events?: Partial<Record<FakeRunnerMethod, readonly TerraformEvent[]>>;
  /** Each call takes this long (ms), cancellable through its signal. Default 0. */
  readonly delayMs?: number;
}

/** The fake, with knobs. */
export interface FakeRunner extends TerraformRunner {
  /** Every call, in order. */
  readonly calls: FakeRunnerCall[];
  /** Calls of one method. */
  callsOf(method: FakeRunnerMethod): FakeRunnerCall[];
  /** The next call of `method` rejects with `error` (a TerraformError, or built from a message). */
  failNext(method: FakeRunnerMethod, error: TerraformError | string): void;
  /** Every call of `method` rejects until `clearFailures`. */
  failAlways(method: FakeRunnerMethod, error: TerraformError | string): void;
  clearFailures(): void;
  /** Calls of `method` wait until `release()` (or their signal aborts → reason "cancelled"). */
  hold(method: FakeRunnerMethod): { release(): void };
  /** What `output` returns (mutable). */
  outputs: Record<string, TerraformOutput>;
  /** What `showPlan` returns (mutable). */
  planDocument: Record<string, unknown>;
  /** What `plan` reports (mutable). */
  hasChanges: boolean;
  /** Events replayed per method (mutable). */
  events: Partial<Record<FakeRunnerMethod, readonly TerraformEvent[]>>;
}

const METHOD_COMMAND: Record<FakeRunnerMethod, TerraformCommand> = {
  init: "init",
  validate: "validate",
  plan: "plan",
  apply: "apply",
  destroy: "destroy",
  output: "output",
  showPlan: "show",
  stateRemove: "state",
};

/** Builds an event as terraform would write it (for `FakeRunnerOptions.events`). */
export function fakeEvent(type: string, message: string, extra: Record<string, unknown> = {}): TerraformEvent {
  const raw = { "@level": "info", "@message": message, "@timestamp": new Date().toISOString(), type, ...extra };
  return { level: "info", message, type, timestamp: raw["@timestamp"], raw };
}

/** planned_change + apply_complete events for the given addresses (an apply/destroy of them). */
export function fakeApplyEvents(
  addresses: readonly string[],
  action: "create" | "update" | "delete" = "create",
): TerraformEvent[] {
  const resource = (addr: string) => ({ resource: { addr }, action });
  return [
    ...addresses.map((a) => fakeEvent("planned_change", `${a}: Plan to ${action}`, { change: resource(a) })),
    ...addresses.map((a) => fakeEvent("apply_complete", `${a}: complete`, { hook: resource(a) })),
  ];
}

function toError(method: FakeRunnerMethod, error: TerraformError | string): TerraformError {
  if (error instanceof TerraformError) return error;
  const diagnostics = [{ severity: "error" as const, summary: error, detail: "" }];
  return new TerraformError(error, METHOD_COMMAND[method], diagnostics, "failed", 1);
}

/** Creates a {@link FakeRunner}. */
export function createFakeRunner(options: FakeRunnerOptions = {}): FakeRunner {
  const calls: FakeRunnerCall[] = [];
  const once = new Map<FakeRunnerMethod, TerraformError[]>();
  const always = new Map<FakeRunnerMethod, TerraformError>();
  const holds = new Map<FakeRunnerMethod, Promise<void>>();

  const wait = (ms: number, signal: AbortSignal | undefined, until?: Promise<void>): Promise<void> =>
    new Promise((resolve, reject) => {
      const cancelled = (): void => reject(new TerraformError("terraform was cancelled", "apply", [], "cancelled"));
      if (signal?.aborted) return cancelled();
      const timer = until === undefined ? setTimeout(done, ms) : undefined;
      function done(): void {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }
      function onAbort(): void {
        if (timer) clearTimeout(timer);
        cancelled();
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      until?.then(done, reject);
    });

  async function call(method: FakeRunnerMethod, opts: FakeRunnerCall["options"]): Promise<TerraformResult> {
    calls.push({ method, options: opts });
    const command = METHOD_COMMAND[method];
    const started = Date.now();
    try {
      await wait(options.delayMs ?? 0, opts.signal, holds.get(method));
    } catch (error) {
      const e = error as TerraformError;
      throw new TerraformError(`terraform ${command} was cancelled`, command, e.diagnostics, "cancelled");
    }
    const tracker = createProgressTracker(command);
    for (const event of fake.events[method] ?? []) {
      opts.onEvent?.(event);
      if (tracker.observe(event)) opts.onProgress?.(tracker.progress);
    }
    const failure = once.get(method)?.shift() ?? always.get(method);
    if (failure) throw failure;
    return { command, exitCode: 0, durationMs: Date.now() - started, diagnostics: [] };
  }

  const fake: FakeRunner = {
    calls,
    events: options.events ?? {},
    outputs: options.outputs ?? {},
    planDocument: options.plan ?? { format_version: "1.2", resource_changes: [] },
    hasChanges: options.hasChanges ?? true,
    callsOf: (method) => calls.filter((c) => c.method === method),
    failNext(method, error) {
      once.set(method, [...(once.get(method) ?? []), toError(method, error)]);
    },
    failAlways(method, error) {
      always.set(method, toError(method, error));
    },
    clearFailures() {
      once.clear();
      always.clear();
    },
    hold(method) {
      let release = (): void => {};
      holds.set(method, new Promise<void>((resolve) => (release = resolve)));
      return {
        release: () => {
          holds.delete(method);
          release();
        },
      };
    },
    init: (opts) => call("init", opts),
    validate: (opts) => call("validate", opts),
    async plan(opts) {
      const result = await call("plan", opts);
      return { ...result, exitCode: fake.hasChanges ? 2 : 0, hasChanges: fake.hasChanges };
    },
    apply: (opts) => call("apply", opts),
    destroy: (opts) => call("destroy", opts),
    async output(opts) {
      await call("output", opts);
      return structuredClone(fake.outputs);
    },
    async showPlan(opts) {
      await call("showPlan", opts);
      return structuredClone(fake.planDocument);
    },
    stateRemove: (opts) => call("stateRemove", opts),
  };
  return fake;
}
