/** What a command reads and writes: injected so tests run commands in-process and capture output. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Anchors relative paths (@file parameters, --out, directories). */
  readonly cwd: string;
  /** Whether stderr is a terminal: then progress is a spinner line, else plain lines. */
  readonly isTTY: boolean;
  /** The terminal's width, when known (the spinner line is cut to fit). */
  readonly columns?: number;
  /** Aborted on SIGINT/SIGTERM: a running terraform is interrupted and its working directory removed. */
  readonly signal?: AbortSignal;
}

/**
 * The process's own streams and environment. The first SIGINT or SIGTERM aborts `signal` (commands
 * clean up and exit 1); a second one ends the process as usual.
 */
export function processIo(): CliIo {
  const controller = new AbortController();
  for (const name of ["SIGINT", "SIGTERM"] as const)
    process.once(name, () => controller.abort(new CliError(`interrupted (${name})`)));
  return {
    signal: controller.signal,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stderr.isTTY === true,
    columns: process.stderr.columns,
  };
}

/**
 * A problem the operator can fix (bad flag, unreadable file, invalid parameters, unknown plan):
 * printed as `openstack-broker: <message>` without a stack trace; exit code 1.
 */
export class CliError extends Error {
  override name = "CliError";

  constructor(
    message: string,
    /** Where, for `--json` errors: the file and the field (or flag) at fault. */
    readonly where: { readonly file?: string; readonly field?: string; readonly problems?: readonly Problem[] } = {},
  ) {
    super(message);
  }
}

/** One of several things wrong (an invalid catalog), for `--json` errors. */
export interface Problem {
  readonly file: string;
  readonly field: string;
  readonly message: string;
}

/** Exit codes, as terraform's -detailed-exitcode: 0 no changes (or ok), 1 error, 2 changes. */
export const EXIT = { ok: 0, error: 1, changes: 2 } as const;
