import { mkdir, stat } from "node:fs/promises";
import { execCommand, type ExecOutcome } from "./exec.js";
import { createJsonStreamParser } from "./json-stream.js";
import { createProgressTracker } from "./progress.js";
import {
  dedupeDiagnostics,
  diagnosticFromEvent,
  diagnosticsFromText,
  diagnosticsFromValidate,
  joinErrorDiagnostics,
} from "./diagnostics.js";
import { TerraformError } from "./types.js";
import type { BrokerMetrics } from "../domain/metrics.js";
import type {
  TerraformCommand,
  TerraformDiagnostic,
  TerraformOutput,
  TerraformResult,
  TerraformRunOptions,
  TerraformRunner,
} from "./types.js";

/** Options of {@link createTerraformRunner}. */
export interface TerraformRunnerOptions {
  /** The terraform (or tofu) executable. Default: env TERRAFORM_BIN, else "terraform". */
  readonly bin?: string;
  /** Sets TF_PLUGIN_CACHE_DIR for every command; created on first use. */
  readonly pluginCacheDir?: string;
  /** Sets TF_CLI_CONFIG_FILE. Default: TF_CLI_CONFIG_FILE of `baseEnv`, if set. */
  readonly cliConfigFile?: string;
  /** Time limit of a command when the call gives none, in ms. Default: none. */
  readonly defaultTimeoutMs?: number;
  /** After SIGINT (cancel/timeout), SIGKILL follows this many ms later. Default 10 000. */
  readonly killGraceMs?: number;
  /** The environment every command starts from. Default: process.env. */
  readonly baseEnv?: Readonly<Record<string, string | undefined>>;
  /**
   * Record each terraform process (pid, start time, command line) in its working directory while it
   * runs, in its own process group, so that a broker process started after this one died can end it
   * (`endPreviousTerraform`). Default false.
   */
  readonly recordProcesses?: boolean;
  /** Where failed commands are counted (`terraformFailed`). Default: nowhere. */
  readonly metrics?: BrokerMetrics;
  /**
   * terraform runs this much nicer than the broker (exec.ts), so polls stay fast while operations
   * run; throughput is unchanged when the CPU is otherwise idle. Default {@link DEFAULT_TERRAFORM_NICENESS}.
   */
  readonly niceness?: number;
  /**
   * Start terraform from the spawn helper (spawn-helper.ts), a small process of its own, so that no
   * fork of the broker blocks its event loop. Default false.
   */
  readonly spawnHelper?: boolean;
}

/** Default {@link TerraformRunnerOptions.niceness}. */
export const DEFAULT_TERRAFORM_NICENESS = 10;

/** Default {@link TerraformRunnerOptions.killGraceMs}. */
export const DEFAULT_KILL_GRACE_MS = 10_000;

/** The executable used when none is configured: env TERRAFORM_BIN, else "terraform". */
export function defaultTerraformBin(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.TERRAFORM_BIN || "terraform";
}

/** The message of a not-found error, naming the binary. */
export function notFoundMessage(bin: string): string {
  return `terraform executable "${bin}" was not found or cannot be executed (set TERRAFORM_BIN or install terraform/tofu)`;
}

/** Calls a caller's callback; its failure must not break a running terraform command. */
function safely<T>(callback: ((value: T) => void) | undefined, value: T): void {
  try {
    callback?.(value);
  } catch {
    // A listener's bug is the listener's: terraform keeps running and state stays consistent.
  }
}

interface RunSpec {
  readonly command: TerraformCommand;
  readonly args: readonly string[];
  /** Parse stdout as a `-json` event stream. */
  readonly stream: boolean;
  /** Exit codes that are success (default [0]). */
  readonly okCodes?: readonly number[];
}

interface RunResult extends TerraformResult {
  readonly stdout: string;
}

/** Creates the real runner. Every command gets `-no-color`; init/plan/apply/destroy `-input=false`. */
export function createTerraformRunner(options: TerraformRunnerOptions = {}): TerraformRunner {
  const baseEnv = options.baseEnv ?? process.env;
  const bin = options.bin ?? defaultTerraformBin(baseEnv);
  const killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const cliConfigFile = options.cliConfigFile ?? baseEnv.TF_CLI_CONFIG_FILE;
  let cacheReady: Promise<unknown> | undefined;
  let initJson = true;

  const environment = (extra: Readonly<Record<string, string>> = {}): Record<string, string | undefined> => ({
    ...baseEnv,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    ...(options.pluginCacheDir ? { TF_PLUGIN_CACHE_DIR: options.pluginCacheDir } : {}),
    ...(cliConfigFile ? { TF_CLI_CONFIG_FILE: cliConfigFile } : {}),
    ...extra,
  });

  async function run(spec: RunSpec, opts: TerraformRunOptions): Promise<RunResult> {
    const { command } = spec;
    if (options.pluginCacheDir) cacheReady ??= mkdir(options.pluginCacheDir, { recursive: true });
    await cacheReady;
    const cwdOk = await stat(opts.cwd).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!cwdOk)
      throw new TerraformError(
        `terraform ${command}: working directory ${opts.cwd} does not exist`,
        command,
        [],
        "failed",
      );

    const diagnostics: TerraformDiagnostic[] = [];
    const strayText: string[] = [];
    const tracker = createProgressTracker(command);
    let changes: TerraformResult["changes"];
    const parser = createJsonStreamParser({
      onEvent(event) {
        const diagnostic = diagnosticFromEvent(event);
        if (diagnostic) diagnostics.push(diagnostic);
        if (event.type === "change_summary") {
          const c = event.raw.changes as { add?: number; change?: number; remove?: number } | undefined;
          changes = { add: c?.add ?? 0, change: c?.change ?? 0, remove: c?.remove ?? 0 };
        }
        safely(opts.onEvent, event);
        if (tracker.observe(event)) safely(opts.onProgress, tracker.progress);
      },
      onText: (line) => strayText.push(line),
    });
    const outcome: ExecOutcome = await execCommand({
      bin,
      args: spec.args,
      cwd: opts.cwd,
      env: environment(opts.env),
      signal: opts.signal,
      timeoutMs: opts.timeoutMs ?? options.defaultTimeoutMs,
      killGraceMs,
      niceness: options.niceness ?? DEFAULT_TERRAFORM_NICENESS,
      onStdout: spec.stream ? (chunk) => parser.push(chunk) : undefined,
      ...(options.recordProcesses ? { recordIn: opts.cwd } : {}),
      spawnHelper: options.spawnHelper ?? false,
    });
    if (spec.stream) parser.end();
    if (outcome.status === "not-found") {
      options.metrics?.terraformFailed(command, "not-found");
      throw new TerraformError(notFoundMessage(bin), command, [], "not-found");
    }
    const failed = outcome.status !== "exited" || !(spec.okCodes ?? [0]).includes(outcome.exitCode ?? -1);
    if (command === "validate") diagnostics.push(...diagnosticsFromValidate(tryJson(outcome.stdout)));
    const fallbackSummary = failed ? `terraform ${command} failed` : undefined;
    diagnostics.push(...diagnosticsFromText([outcome.stderr, ...strayText].join("\n"), fallbackSummary));
    const all = dedupeDiagnostics(diagnostics);
    if (failed) {
      const error = toError(command, outcome, all, opts);
      options.metrics?.terraformFailed(command, error.reason);
      throw error;
    }
    return {
      command,
      exitCode: outcome.exitCode ?? 0,
      durationMs: outcome.durationMs,
      diagnostics: all,
      ...(changes ? { changes } : {}),
      stdout: outcome.stdout,
    };
  }

  function toError(
    command: TerraformCommand,
    outcome: ExecOutcome,
    diagnostics: TerraformDiagnostic[],
    opts: TerraformRunOptions,
  ): TerraformError {
    const secrets = Object.values(opts.env ?? {});
    const errors = joinErrorDiagnostics(diagnostics, { secrets });
    if (outcome.status === "timeout") {
      const limit = opts.timeoutMs ?? options.defaultTimeoutMs;
      return new TerraformError(
        `terraform ${command} timed out after ${limit} ms`,
        command,
        diagnostics,
        "timeout",
        outcome.exitCode,
      );
    }
    if (outcome.status === "cancelled") {
      return new TerraformError(
        `terraform ${command} was cancelled`,
        command,
        diagnostics,
        "cancelled",
        outcome.exitCode,
      );
    }
    const message = errors || `terraform ${command} failed with exit code ${outcome.exitCode}`;
    return new TerraformError(message, command, diagnostics, "failed", outcome.exitCode);
  }

  const strip = ({ stdout: _stdout, ...result }: RunResult): TerraformResult => result;

  return {
    async init(opts) {
      const base = ["init", "-input=false", "-no-color"];
      if (initJson) {
        try {
          return strip(await run({ command: "init", args: [...base, "-json"], stream: true }, opts));
        } catch (error) {
          // Older terraform / tofu without `init -json`: fall back to text mode (stderr → diagnostics).
          const unsupported =
            error instanceof TerraformError && error.diagnostics.some((d) => /not defined: -json/.test(d.detail));
          if (!unsupported) throw error;
          initJson = false;
        }
      }
      return strip(await run({ command: "init", args: base, stream: false }, opts));
    },
    async validate(opts) {
      return strip(await run({ command: "validate", args: ["validate", "-json", "-no-color"], stream: false }, opts));
    },
    async plan(opts) {
      const args = ["plan", "-json", "-input=false", "-no-color", "-detailed-exitcode"];
      if (opts.destroy) args.push("-destroy");
      if (opts.refreshOnly) args.push("-refresh-only");
      if (opts.out) args.push(`-out=${opts.out}`);
      if (opts.lock === false) args.push("-lock=false");
      const result = strip(await run({ command: "plan", args, stream: true, okCodes: [0, 2] }, opts));
      return { ...result, hasChanges: result.exitCode === 2 };
    },
    async apply(opts) {
      const args = ["apply", "-json", "-auto-approve", "-input=false", "-no-color"];
      if (opts.planFile) args.push(opts.planFile);
      return strip(await run({ command: "apply", args, stream: true }, opts));
    },
    async destroy(opts) {
      const args = ["destroy", "-json", "-auto-approve", "-input=false", "-no-color"];
      return strip(await run({ command: "destroy", args, stream: true }, opts));
    },
    async output(opts) {
      const { stdout } = await run({ command: "output", args: ["output", "-json", "-no-color"], stream: false }, opts);
      return parseDocument("output", stdout) as Record<string, TerraformOutput>;
    },
    async showPlan(opts) {
      const { stdout } = await run(
        { command: "show", args: ["show", "-json", "-no-color", opts.planFile], stream: false },
        opts,
      );
      return parseDocument("show", stdout);
    },
    async stateRemove(opts) {
      return strip(
        await run(
          { command: "state", args: ["state", "rm", "-no-color", "--", ...opts.addresses], stream: false },
          opts,
        ),
      );
    },
  };
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseDocument(command: TerraformCommand, stdout: string): Record<string, unknown> {
  const parsed = tryJson(stdout);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    const summary = `terraform ${command} -json printed no JSON object`;
    throw new TerraformError(summary, command, [{ severity: "error", summary, detail: "" }], "failed", 0);
  }
  return parsed as Record<string, unknown>;
}
