import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CliError, type CliIo } from "./io.js";
import { locateJsonError } from "./json-position.js";

/** A JSON object from a flag, and where it came from (for messages: `--params @x.json`). */
export interface JsonArgument {
  readonly value: Record<string, unknown>;
  /** `--params` or `--params @/abs/path.json`. */
  readonly source: string;
}

/**
 * Reads a flag's JSON object: inline (`'{"size": 5}'`) or from a file (`@params.json`, relative to
 * the working directory). Errors name the flag, the file and the line/column:
 * `--params @p.json: invalid JSON at line 3, column 2: unexpected "}", expected a value`.
 */
export async function readJsonArgument(
  flag: string,
  raw: string | undefined,
  io: CliIo,
): Promise<JsonArgument | undefined> {
  if (raw === undefined) return undefined;
  let text = raw;
  let source = flag;
  if (raw.startsWith("@")) {
    const path = resolve(io.cwd, raw.slice(1));
    source = `${flag} @${path}`;
    if (raw.length === 1) throw new CliError(`${flag} @: a file name must follow '@'`);
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === "ENOENT"
          ? "no such file"
          : code === "EACCES"
            ? "permission denied"
            : code === "EISDIR"
              ? "is a directory"
              : (error as Error).message;
      throw new CliError(`${source}: cannot read the file: ${why}`, { file: path, field: flag });
    }
  }
  try {
    return { value: parseJsonObject(text, source), source };
  } catch (error) {
    // For --json errors: which flag, and which file when it came from one.
    const file = raw.startsWith("@") ? resolve(io.cwd, raw.slice(1)) : undefined;
    throw error instanceof CliError ? new CliError(error.message, { file, field: flag }) : error;
  }
}

/** Parses `text` as a JSON object; a CliError names `source` and the position of a syntax error. */
export function parseJsonObject(text: string, source: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const at = locateJsonError(text);
    const where = at ? ` at line ${at.line}, column ${at.column}: ${at.reason}` : `: ${(error as Error).message}`;
    throw new CliError(`${source}: invalid JSON${where}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new CliError(
      `${source}: must be a JSON object (got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value})`,
    );
  }
  return value as Record<string, unknown>;
}
