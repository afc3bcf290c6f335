/**
 * The terraform seam: the only module that starts processes is `runner.ts` (execa). Everything
 * else — the worker, the CLI's dry-run — talks to a `TerraformRunner` and has a test double.
 */

/** One parsed line of terraform's `-json` machine-readable UI stream. */
export interface TerraformEvent {
  /** `@level`: trace, debug, info, warn, error. */
  readonly level: string;
  /** `@message`: the human-readable text terraform would have printed. */
  readonly message: string;
  /** `type`: version, log, diagnostic, planned_change, apply_start, apply_progress, apply_complete,
   *  apply_errored, change_summary, outputs, resource_drift, refresh_start, ... */
  readonly type: string;
  /** `@timestamp` as written by terraform. */
  readonly timestamp: string;
  /** The whole object as terraform wrote it. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** Progress of a running command, derived from its event stream. */
export interface TerraformProgress {
  readonly command: TerraformCommand;
  /** Resource changes finished so far (apply_complete / apply_errored). */
  readonly done: number;
  /** Resource changes planned (planned_change, excluding no-ops); 0 while unknown. */
  readonly total: number;
}

/** An error or warning terraform reported (a `diagnostic` event, or the stderr of a non-json command). */
export interface TerraformDiagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail: string;
  /** `resource.address` or file:line when terraform names one. */
  readonly address?: string;
}

export type TerraformCommand = "init" | "validate" | "plan" | "apply" | "destroy" | "output" | "show" | "state";

/** Options common to every command. */
export interface TerraformRunOptions {
  /** The working directory holding cdk.tf.json. */
  readonly cwd: string;
  /** Extra environment (TF_HTTP_*, TF_REATTACH_PROVIDERS, OS_CLIENT_CONFIG_FILE...). Merged over the
   *  runner's base environment (which carries TF_PLUGIN_CACHE_DIR, TF_IN_AUTOMATION, TF_CLI_CONFIG_FILE). */
  readonly env?: Readonly<Record<string, string>>;
  /** Aborting sends SIGINT, then SIGKILL after the runner's grace period. */
  readonly signal?: AbortSignal;
  /** Hard limit for this command in milliseconds (then: as if aborted). Default: the runner's. */
  readonly timeoutMs?: number;
  /** Called for each `-json` event as it arrives. */
  readonly onEvent?: (event: TerraformEvent) => void;
  /** Called when progress changes. */
  readonly onProgress?: (progress: TerraformProgress) => void;
}

/** Result of init / validate / plan / apply / destroy. */
export interface TerraformResult {
  readonly command: TerraformCommand;
  readonly exitCode: number;
  readonly durationMs: number;
  readonly diagnostics: readonly TerraformDiagnostic[];
  /** The last change_summary, when the command printed one. */
  readonly changes?: { readonly add: number; readonly change: number; readonly remove: number };
}

/** A terraform output as `terraform output -json` reports it. */
export interface TerraformOutput {
  readonly value: unknown;
  readonly sensitive: boolean;
  readonly type: unknown;
}

/** The seam the worker and the CLI use. */
export interface TerraformRunner {
  /** `init -input=false -no-color` (json where supported). */
  init(options: TerraformRunOptions): Promise<TerraformResult>;
  /** `validate -json`. */
  validate(options: TerraformRunOptions): Promise<TerraformResult>;
  /** `plan -json -input=false -no-color [-destroy] [-refresh-only] [-out=FILE] -detailed-exitcode`. */
  plan(
    options: TerraformRunOptions & {
      readonly destroy?: boolean;
      readonly out?: string /** false: `-lock=false` (read-only previews). */;
      readonly lock?: boolean;
      /** `-refresh-only`: only what changed outside terraform (drift checks); proposes no change to the cloud. */
      readonly refreshOnly?: boolean;
    },
  ): Promise<TerraformResult & { readonly hasChanges: boolean }>;
  /** `apply -json -auto-approve -input=false -no-color [PLANFILE]`. */
  apply(options: TerraformRunOptions & { readonly planFile?: string }): Promise<TerraformResult>;
  /** `destroy -json -auto-approve -input=false -no-color`. */
  destroy(options: TerraformRunOptions): Promise<TerraformResult>;
  /** `output -json`. */
  output(options: TerraformRunOptions): Promise<Record<string, TerraformOutput>>;
  /** `show -json PLANFILE` (a plan) — the JSON plan representation. */
  showPlan(options: TerraformRunOptions & { readonly planFile: string }): Promise<Record<string, unknown>>;
  /** `state rm ADDRESS...`: forgets resources without destroying them (they are already gone). */
  stateRemove(options: TerraformRunOptions & { readonly addresses: readonly string[] }): Promise<TerraformResult>;
}

/** Thrown when a command fails: exit code != 0 (and != 2 for a detailed-exitcode plan), a timeout
 *  or a cancellation. `message` is terraform's error diagnostics, joined, fit for an operation's
 *  description (never the environment, never variable values). */
export class TerraformError extends Error {
  constructor(
    message: string,
    readonly command: TerraformCommand,
    readonly diagnostics: readonly TerraformDiagnostic[],
    readonly reason: "failed" | "timeout" | "cancelled" | "not-found",
    readonly exitCode?: number,
  ) {
    super(message);
    this.name = "TerraformError";
  }
}
