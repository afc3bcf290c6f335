import type { TerraformOutput } from "../terraform/types.js";
import { TerraformError } from "../terraform/types.js";
import type {
  WorkspacePlanRequest,
  WorkspacePlanResult,
  WorkspaceRunner,
  WorkspaceRunRequest,
} from "./workspace-runner.js";

/** One call the fake received. */
export type FakeWorkspaceCall =
  | { readonly method: "run"; readonly request: WorkspaceRunRequest }
  | { readonly method: "plan"; readonly request: WorkspacePlanRequest };

/**
 * The workspace runner's test double (beside the interface, as src/terraform/fake-runner.ts is
 * beside the terraform runner): no synthesis, no directory, no terraform. It records every call,
 * answers with the configured outputs and plan, and can fail or hold a call until released.
 */
export interface FakeWorkspaceRunner extends WorkspaceRunner {
  readonly calls: readonly FakeWorkspaceCall[];
  /** Outputs every successful `apply` run returns (default none). */
  outputs: Record<string, TerraformOutput>;
  /** What every `plan` returns (default: no changes). */
  planResult: WorkspacePlanResult;
  /** The next call of `method` rejects with `error`. */
  failNext(method: FakeWorkspaceCall["method"], error: Error): void;
  /**
   * Calls of `method` wait until `release()` (or until their signal aborts or their deadline passes:
   * then they reject with a `cancelled` / `timeout` TerraformError, as terraform's would).
   */
  hold(method: FakeWorkspaceCall["method"]): { release(): void };
  /** Calls of `method` started and not ended. */
  inFlight(method: FakeWorkspaceCall["method"]): number;
}

export function createFakeWorkspaceRunner(): FakeWorkspaceRunner {
  const calls: FakeWorkspaceCall[] = [];
  const failures = new Map<string, Error[]>();
  const holds = new Map<string, Promise<void>>();
  const inFlight = { run: 0, plan: 0 };

  async function call<T>(entry: FakeWorkspaceCall, answer: () => T): Promise<T> {
    calls.push(entry);
    inFlight[entry.method]++;
    try {
      const held = holds.get(entry.method);
      if (held !== undefined) await waitFor(held, entry.request);
      const failure = failures.get(entry.method)?.shift();
      if (failure !== undefined) throw failure;
      return answer();
    } finally {
      inFlight[entry.method]--;
    }
  }

  const fake: FakeWorkspaceRunner = {
    calls,
    outputs: {},
    planResult: { hasChanges: false, changes: [], outputs: [] },
    run: (request) =>
      call({ method: "run", request }, () => ({ outputs: request.action === "apply" ? { ...fake.outputs } : {} })),
    plan: (request) => call({ method: "plan", request }, () => fake.planResult),
    failNext(method, error) {
      failures.set(method, [...(failures.get(method) ?? []), error]);
    },
    hold(method) {
      let release!: () => void;
      holds.set(method, new Promise<void>((resolve) => (release = resolve)));
      return {
        release() {
          holds.delete(method);
          release();
        },
      };
    },
    inFlight: (method) => inFlight[method],
  };
  return fake;
}

/** Resolves with `held`, or rejects as terraform would when the request's signal aborts or its deadline passes. */
function waitFor(
  held: Promise<void>,
  request: { readonly signal?: AbortSignal; readonly deadline: number },
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const end = (error?: TerraformError) => {
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const stop = (reason: "cancelled" | "timeout") =>
      end(
        new TerraformError(`terraform ${reason === "timeout" ? "timed out" : "was interrupted"}`, "plan", [], reason),
      );
    const onAbort = () => stop("cancelled");
    if (request.signal?.aborted) return stop("cancelled");
    timer = setTimeout(() => stop("timeout"), Math.max(0, request.deadline - Date.now()));
    request.signal?.addEventListener("abort", onAbort, { once: true });
    void held.then(() => end());
  });
}
