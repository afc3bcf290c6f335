import { writeFileSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { execa } from "execa";
import { processRecordPrefix, recordProcess } from "./process-records.js";
import { sharedSpawnHelper } from "./spawn-helper.js";

/**
 * The one place that starts a process (execa 9). Cancellation and timeouts interrupt terraform the
 * way a user's Ctrl-C does — SIGINT, so it can stop providers and write state — and SIGKILL only
 * when it is still running `killGraceMs` later.
 */

/** Options of {@link execCommand}. */
export interface ExecOptions {
  readonly bin: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** The complete environment (the parent's is not added). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
  /** 0 or undefined: no limit. */
  readonly timeoutMs?: number;
  readonly killGraceMs: number;
  /** Receives stdout chunks as they arrive. */
  readonly onStdout?: (chunk: Uint8Array | string) => void;
  /**
   * Called with the pid as soon as the process runs; what it returns is called once it has exited.
   * With it, the process leads its own process group (its providers are in it), so that a later
   * broker process can end the whole group if this one dies first (end-previous-terraform.ts).
   */
  readonly onSpawn?: (pid: number) => () => void;
  /**
   * How much nicer than this process the child runs (0-19 added to its nice value; providers it
   * starts inherit it), so the broker's event loop wins the CPU over terraform. Default 0.
   */
  readonly niceness?: number;
  /**
   * Record the process in this directory while it runs (process-records.ts); it then leads its own
   * process group, as with `onSpawn`.
   */
  readonly recordIn?: string;
  /**
   * Start it from the spawn helper (spawn-helper.ts), a small process whose forks never block this
   * one's event loop, rather than from this process. Default false.
   */
  readonly spawnHelper?: boolean;
}

/**
 * Lowers a started child's priority by `niceness`; best effort (it may have exited already). A
 * detached child leads a new session, and with autogroups (Linux, sched(7): on by default on
 * desktops and most servers) a new session is a scheduling group of its own whose weight ignores its
 * nice value: the group's nice (/proc/<pid>/autogroup) MUST be lowered too, or a niced terraform
 * still gets as much CPU as the whole broker.
 */
function lowerPriority(pid: number | undefined, niceness: number, detached: boolean): void {
  const priority = priorityFor(niceness);
  if (pid === undefined || priority === undefined) return;
  try {
    setPriority(pid, priority);
    if (detached) lowerAutogroup(pid, priority);
  } catch {
    // ESRCH (already gone) or a platform without priorities: terraform runs at the broker's priority.
  }
}

/** Sets the nice value of `pid`'s autogroup; nothing without autogroups. */
function lowerAutogroup(pid: number, priority: number): void {
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(priority));
  } catch {
    // no autogroups (or not Linux)
  }
}

/** How a process ended. */
export interface ExecOutcome {
  /** exited: ran to completion with `exitCode`; the others: it was stopped or never started. */
  readonly status: "exited" | "timeout" | "cancelled" | "not-found";
  readonly exitCode?: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  /** The spawn error's text when the process could not start. */
  readonly spawnError?: string;
}

/**
 * The process groups of running detached commands (`onSpawn`). execa does not kill a detached process
 * when this process exits, so this process MUST end their groups itself when it exits normally; a
 * SIGKILL leaves them to the next broker process (end-previous-terraform.ts).
 */
const DETACHED_GROUPS = new Set<number>();
process.on("exit", () => {
  for (const group of DETACHED_GROUPS) {
    try {
      process.kill(-group, "SIGTERM");
    } catch {
      // already gone
    }
  }
});

/** Runs a process to its end; never rejects for a non-zero exit, a timeout or a cancellation. */
export async function execCommand(options: ExecOptions): Promise<ExecOutcome> {
  if (options.signal?.aborted) {
    return { status: "cancelled", stdout: "", stderr: "", durationMs: 0 };
  }
  return options.spawnHelper ? execInHelper(options) : execHere(options);
}

/** The nice value `niceness` above this process's (undefined: leave it as it is). */
const priorityFor = (niceness: number | undefined) =>
  niceness !== undefined && niceness > 0 ? Math.min(19, getPriority() + Math.round(niceness)) : undefined;

/** {@link execCommand} through the spawn helper; the same outcomes, timeouts and cancellation. */
async function execInHelper(options: ExecOptions): Promise<ExecOutcome> {
  const started = Date.now();
  const stdoutChunks: string[] = [];
  const detached = options.onSpawn !== undefined || options.recordIn !== undefined;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env)) if (value !== undefined) env[key] = value;
  let forget: (() => void) | undefined;
  let pid: number | undefined;
  const priority = priorityFor(options.niceness);
  const run = sharedSpawnHelper().run(
    {
      bin: options.bin,
      args: options.args,
      cwd: options.cwd,
      env,
      detached,
      ...(priority !== undefined ? { priority } : {}),
      ...(options.recordIn !== undefined ? { recordPrefix: processRecordPrefix(options.recordIn) } : {}),
      onSpawned: (spawned) => {
        pid = spawned;
        if (detached) DETACHED_GROUPS.add(spawned);
        forget = options.onSpawn?.(spawned);
      },
      onStdout: (chunk) => {
        stdoutChunks.push(chunk);
        options.onStdout?.(chunk);
      },
    },
    options.killGraceMs,
  );
  // Like execa's timeout and cancelSignal: SIGINT, then SIGKILL if it still runs killGraceMs later.
  let stopped: "timeout" | "cancelled" | undefined;
  let forceKill: NodeJS.Timeout | undefined;
  const stop = (why: "timeout" | "cancelled") => {
    if (stopped !== undefined) return;
    stopped = why;
    run.kill("SIGINT");
    forceKill = setTimeout(() => run.kill("SIGKILL"), options.killGraceMs);
  };
  const timer =
    options.timeoutMs && options.timeoutMs > 0 ? setTimeout(() => stop("timeout"), options.timeoutMs) : undefined;
  const onAbort = () => stop("cancelled");
  options.signal?.addEventListener("abort", onAbort, { once: true });
  let end: Awaited<typeof run.ended>;
  try {
    end = await run.ended;
  } finally {
    clearTimeout(timer);
    clearTimeout(forceKill);
    options.signal?.removeEventListener("abort", onAbort);
    if (pid !== undefined) DETACHED_GROUPS.delete(pid);
    forget?.();
  }
  const durationMs = Date.now() - started;
  const stdout = stdoutChunks.join("");
  const { error } = end;
  if (error?.code === "ENOENT" || error?.code === "EACCES") {
    return {
      status: "not-found",
      stdout,
      stderr: end.stderr,
      durationMs,
      spawnError: `${error.code}: ${error.message}`,
    };
  }
  const exitCode = end.code ?? undefined;
  // The helper's death (or a failed start) is a failed command, its reason in stderr.
  const stderr = error !== undefined ? `${end.stderr}${end.stderr ? "\n" : ""}Error: ${error.message}\n` : end.stderr;
  if (stopped !== undefined) return { status: stopped, exitCode, stdout, stderr, durationMs };
  return { status: "exited", exitCode: exitCode ?? -1, stdout, stderr, durationMs };
}

/** {@link execCommand} with execa, from this process. */
async function execHere(options: ExecOptions): Promise<ExecOutcome> {
  const started = Date.now();
  const stdoutChunks: string[] = [];
  const subprocess = execa(options.bin, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    buffer: { stdout: false, stderr: true },
    stripFinalNewline: false,
    killSignal: "SIGINT",
    forceKillAfterDelay: options.killGraceMs,
    ...(options.signal ? { cancelSignal: options.signal } : {}),
    ...(options.timeoutMs && options.timeoutMs > 0 ? { timeout: options.timeoutMs } : {}),
    ...(options.onSpawn || options.recordIn !== undefined ? { detached: true } : {}),
  });
  const pid = subprocess.pid;
  const record = options.recordIn;
  const unrecord = pid === undefined || record === undefined ? undefined : recordProcess(record, pid);
  const onSpawnForget = pid === undefined ? undefined : options.onSpawn?.(pid);
  const forget =
    unrecord === undefined && onSpawnForget === undefined
      ? undefined
      : () => {
          unrecord?.();
          onSpawnForget?.();
        };
  if (forget !== undefined && pid !== undefined) DETACHED_GROUPS.add(pid);
  lowerPriority(pid, options.niceness ?? 0, options.onSpawn !== undefined || record !== undefined);
  subprocess.stdout?.setEncoding("utf8");
  subprocess.stdout?.on("data", (chunk: string) => {
    stdoutChunks.push(chunk);
    options.onStdout?.(chunk);
  });
  let result: Awaited<typeof subprocess>;
  try {
    result = await subprocess;
  } finally {
    if (pid !== undefined) DETACHED_GROUPS.delete(pid);
    forget?.();
  }
  const durationMs = Date.now() - started;
  const stdout = stdoutChunks.join("");
  const stderr = typeof result.stderr === "string" ? result.stderr : "";
  const code = (result as { code?: string }).code;
  if (code === "ENOENT" || code === "EACCES") {
    return { status: "not-found", stdout, stderr, durationMs, spawnError: `${code}: ${result.shortMessage}` };
  }
  if (result.timedOut) return { status: "timeout", exitCode: result.exitCode, stdout, stderr, durationMs };
  if (result.isCanceled) return { status: "cancelled", exitCode: result.exitCode, stdout, stderr, durationMs };
  return { status: "exited", exitCode: result.exitCode ?? -1, stdout, stderr, durationMs };
}
