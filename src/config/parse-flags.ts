import { ConfigError } from "./config-error.js";

/** A flag a command accepts: a value (`--out DIR`, `--out=DIR`) or a switch (`--json`). */
export interface FlagSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
}

/** What {@link parseFlags} found. */
export interface ParsedFlags {
  /** By flag name (`state-dir`); a switch is `true` (or its `=value` as a string: `--simulate=false`). */
  readonly values: Readonly<Record<string, string | boolean>>;
  readonly positionals: readonly string[];
}

/** The edit distance of two short strings (flag names). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** The known name closest to `name` (at most a third of its letters off), if any. */
export function suggest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/**
 * Parses `args` strictly against `spec`: an unknown flag is refused with the closest known one
 * (`unknown flag --concurency: did you mean --concurrency?`), a value flag without a value is refused
 * (a value starting with `--` only as `--flag=--value`), a switch takes no separate value. `--` ends
 * the flags. Errors are ConfigErrors naming the flag.
 */
export function parseFlags(args: readonly string[], spec: Readonly<Record<string, FlagSpec>>): ParsedFlags {
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const shorts = new Map(Object.entries(spec).flatMap(([name, s]) => (s.short ? [[s.short, name] as const] : [])));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith("--")) [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    else if (/^-[A-Za-z]$/.test(arg)) {
      const long = shorts.get(arg.slice(1));
      if (long === undefined) throw new ConfigError(`unknown flag ${arg}`);
      name = long;
    } else {
      positionals.push(arg);
      continue;
    }
    const flag = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (flag === undefined) {
      const near = suggest(name, Object.keys(spec));
      throw new ConfigError(`unknown flag --${name}${near ? `: did you mean --${near}?` : ""}`);
    }
    if (flag.type === "boolean") {
      values[name] = inline ?? true;
      continue;
    }
    const value = inline ?? args[i + 1];
    if (value === undefined || (inline === undefined && value.startsWith("--")))
      throw new ConfigError(`--${name} needs a value`);
    if (inline === undefined) i++;
    values[name] = value;
  }
  return { values, positionals };
}
