import { CliError, type Problem } from "./commands/io.js";

/** The `--json` error document, like terraform's `-json` diagnostics. */
export interface JsonError {
  readonly error: {
    readonly summary: string;
    readonly detail?: string;
    readonly file?: string;
    readonly field?: string;
    readonly problems?: readonly Problem[];
  };
}

/** Whether `argv` asks for JSON output: `--json` before any `--`. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === "--json" || a === "--json=true");
}

/** The problems an error carries: a CliError's, or a CatalogError's (`{file, path, message}`). */
function problemsOf(error: Error): readonly Problem[] | undefined {
  if (error instanceof CliError) return error.where.problems;
  const catalog = (error as { problems?: readonly { file: string; path: string; message: string }[] }).problems;
  return error.name === "CatalogError" && Array.isArray(catalog)
    ? catalog.map((p) => ({ file: p.file, field: p.path, message: p.message }))
    : undefined;
}

/**
 * An error as `{"error": {summary, detail?, file?, field?, problems?}}`: the first line of the message
 * is the summary, the rest the detail; `operator` false (a bug) says only that it was unexpected.
 */
export function jsonError(error: unknown, operator: boolean): JsonError {
  const err = error instanceof Error ? error : new Error(String(error));
  if (!operator) return { error: { summary: "unexpected error", detail: err.message } };
  const [summary, ...rest] = err.message.split("\n");
  const problems = problemsOf(err);
  const where = err instanceof CliError ? err.where : {};
  const single = problems?.length === 1 ? problems[0] : undefined;
  const file = where.file ?? single?.file;
  // A ConfigError starts with the variable it is about (`LOG_LEVEL (--log-level) must be ...`).
  const variable = err.name === "ConfigError" ? /^([A-Z][A-Z0-9_]+)\b/.exec(summary)?.[1] : undefined;
  const field = where.field ?? single?.field ?? variable;
  return {
    error: {
      summary,
      ...(rest.length > 0 ? { detail: rest.join("\n").trim() } : {}),
      ...(file ? { file } : {}),
      ...(field ? { field } : {}),
      ...(problems && problems.length > 1 ? { problems } : {}),
    },
  };
}
