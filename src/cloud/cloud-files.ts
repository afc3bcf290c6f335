import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { load } from "js-yaml";

/** A clouds.yaml problem: names the file and the field, never a value (values may be secrets). */
export class CloudConfigError extends Error {
  constructor(
    /** The file involved, when there is one. */
    readonly file: string | undefined,
    /** The dotted field path, e.g. `clouds.demo.auth.password`, when one field is at fault. */
    readonly field: string | undefined,
    problem: string,
  ) {
    super(`${file ?? "clouds.yaml"}${field === undefined ? "" : `: ${field}`}: ${problem}`);
    this.name = "CloudConfigError";
  }
}

/** Where to look for files: the process environment, working directory and home by default. */
export interface CloudFileSearchOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  readonly homeDir?: string;
  /** The system-wide directory, `/etc/openstack` by default (tests point it at a temporary folder). */
  readonly systemDir?: string;
}

const EXTENSIONS = ["yaml", "yml", "json"];

function candidates(base: string, env: CloudFileSearchOptions["env"], options: CloudFileSearchOptions): string[] {
  const cwd = options.cwd ?? process.cwd();
  const home = options.homeDir ?? homedir();
  const dirs = [cwd, join(home, ".config", "openstack"), options.systemDir ?? "/etc/openstack"];
  const files: string[] = [];
  const override = env?.[base === "clouds" ? "OS_CLIENT_CONFIG_FILE" : "OS_CLIENT_SECURE_FILE"];
  if (override) files.push(resolve(cwd, override.replace(/^~(?=\/|$)/, home)));
  for (const dir of dirs) for (const ext of EXTENSIONS) files.push(join(dir, `${base}.${ext}`));
  return files;
}

/**
 * Finds clouds.yaml the way openstacksdk does: `OS_CLIENT_CONFIG_FILE`, then `./clouds.yaml`,
 * `~/.config/openstack/clouds.yaml`, `/etc/openstack/clouds.yaml` (each also `.yml`, `.json`); the
 * first that exists wins. A set `OS_CLIENT_CONFIG_FILE` naming a missing file is an error.
 * @returns the absolute path, or `undefined` when there is none.
 */
export function findCloudsFile(options: CloudFileSearchOptions = {}): string | undefined {
  return findFirst("clouds", options);
}

/** Finds secure.yaml (`OS_CLIENT_SECURE_FILE`, then the same directories as clouds.yaml). */
export function findSecureFile(options: CloudFileSearchOptions = {}): string | undefined {
  return findFirst("secure", options);
}

function findFirst(base: "clouds" | "secure", options: CloudFileSearchOptions): string | undefined {
  const env = options.env ?? process.env;
  const files = candidates(base, env, options);
  const variable = base === "clouds" ? "OS_CLIENT_CONFIG_FILE" : "OS_CLIENT_SECURE_FILE";
  if (env[variable] && !existsSync(files[0])) {
    throw new CloudConfigError(files[0], undefined, `file not found (named by ${variable})`);
  }
  return files.find((file) => existsSync(file));
}

/**
 * Reads a YAML (or JSON) file into a plain object. Parse errors report line and column only: the
 * parser's own message quotes the file's text, which may hold a password.
 */
export function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CloudConfigError(file, undefined, `cannot read: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  let value: unknown;
  try {
    value = load(text);
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const where = mark === undefined ? "" : ` at line ${mark.line + 1}, column ${mark.column + 1}`;
    throw new CloudConfigError(file, undefined, `not valid YAML${where}`);
  }
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new CloudConfigError(file, undefined, "must be a mapping with a `clouds` key");
  }
  return value as Record<string, unknown>;
}

/** Deep-merges `over` into `base` (mappings merge, everything else is replaced), like openstacksdk. */
export function mergeConfig(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isMapping(current) && isMapping(value) ? mergeConfig(current, value) : value;
  }
  return out;
}

/** Whether a parsed YAML value is a mapping. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
