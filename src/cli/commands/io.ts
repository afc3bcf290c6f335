/** What a command reads and writes: injected so tests run commands in-process and capture output. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Anchors relative paths (@file parameters, --out, directories). */
  readonly cwd: string;
  /** Whether stderr is a terminal: then progress is a spinner line, else plain lines. */
  readonly isTTY: boolean;
}

/** The process's own streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stderr.isTTY === true,
  };
}

/**
 * A problem the operator can fix (bad flag, unreadable file, invalid parameters, unknown plan):
 * printed as `openstack-broker: <message>` without a stack trace; exit code 1.
 */
export class CliError extends Error {
  override name = "CliError";
}

/** Exit codes, as terraform's -detailed-exitcode: 0 no changes (or ok), 1 error, 2 changes. */
export const EXIT = { ok: 0, error: 1, changes: 2 } as const;
