/**
 * The messages between the broker and its spawn helper (spawn-helper.ts, spawn-helper-main.ts), sent
 * over the helper's IPC channel as JSON. One `start` per command; the helper answers `spawned` (or
 * an `end` with `error` when it could not start), `out` for each stdout chunk, and one `end` after
 * the process has exited and its output is closed — in that order.
 */

/** Broker -> helper: start a command. */
export interface StartMessage {
  readonly t: "start";
  readonly id: number;
  readonly bin: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** The complete environment (the helper's is not added). */
  readonly env: Readonly<Record<string, string>>;
  /** Lead a process group of its own (terraform and its providers). */
  readonly detached: boolean;
  /** The absolute nice value to give it (0-19), or none. */
  readonly priority?: number;
  /**
   * Write its process record (process-records.ts) at `${recordPrefix}${pid}.json` synchronously
   * right after the start, and remove it once it has exited.
   */
  readonly recordPrefix?: string;
}

/** Broker -> helper: signal a running command (nothing if it has already exited). */
export interface KillMessage {
  readonly t: "kill";
  readonly id: number;
  readonly signal: "SIGINT" | "SIGKILL" | "SIGTERM";
}

/** Helper -> broker: the command runs as `pid`. */
export interface SpawnedMessage {
  readonly t: "spawned";
  readonly id: number;
  readonly pid: number;
}

/** Helper -> broker: a chunk of the command's stdout (utf8). */
export interface OutMessage {
  readonly t: "out";
  readonly id: number;
  readonly data: string;
}

/** Helper -> broker: the command has ended (or never started: `error`). */
export interface EndMessage {
  readonly t: "end";
  readonly id: number;
  /** Exit code; null when a signal ended it. */
  readonly code: number | null;
  readonly signal: string | null;
  readonly stderr: string;
  /** The start failed: the error's code (ENOENT, EACCES...) and message. */
  readonly error?: { readonly code: string; readonly message: string };
}

export type ToHelper = StartMessage | KillMessage;
export type FromHelper = SpawnedMessage | OutMessage | EndMessage;
