import { joinPath, type ProblemList } from "./catalog-error.js";

/** Where problems go while reading one file. */
export interface ReadContext {
  readonly file: string;
  readonly problems: ProblemList;
}

/** True for a YAML mapping (a plain object, not an array or null). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value as a mapping, or undefined after reporting `must be a mapping`. */
export function asMapping(ctx: ReadContext, value: unknown, path: string): Record<string, unknown> | undefined {
  if (isMapping(value)) return value;
  ctx.problems.add(ctx.file, path, `must be a mapping (key: value), got ${describe(value)}`);
  return undefined;
}

/** A short description of a YAML value for messages: `a string`, `a list`, `nothing`. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "a mapping" : `a ${typeof value} (${JSON.stringify(value)})`;
}

interface FieldOptions {
  readonly required?: boolean;
}

/**
 * Reads the fields of one mapping, reporting each problem with its field path: unknown keys (with a
 * suggestion for a likely typo), missing required fields and wrong types.
 */
export class Fields {
  constructor(
    private readonly ctx: ReadContext,
    private readonly node: Record<string, unknown>,
    readonly path: string,
    known: readonly string[],
  ) {
    for (const key of Object.keys(node)) {
      if (known.includes(key)) continue;
      const guess = closest(key, known);
      const hint = guess ? `did you mean "${guess}"?` : `expected one of: ${known.join(", ")}`;
      this.problem(key, `unknown key "${key}" (${hint})`);
    }
  }

  /** The field path of `key` in this mapping. */
  at(key: string): string {
    return joinPath(this.path, key);
  }

  /** Reports a problem at `key` (or at the mapping itself when key is empty). */
  problem(key: string, message: string): void {
    this.ctx.problems.add(this.ctx.file, key ? this.at(key) : this.path, message);
  }

  /** True when the key is present (a YAML `key:` with no value counts as absent). */
  has(key: string): boolean {
    return this.node[key] !== undefined && this.node[key] !== null;
  }

  private read<T>(key: string, options: FieldOptions, what: string, ok: (v: unknown) => v is T): T | undefined {
    if (!this.has(key)) {
      if (options.required) this.problem(key, "is required");
      return undefined;
    }
    const value = this.node[key];
    if (ok(value)) return value;
    this.problem(key, `must be ${what}, got ${describe(value)}`);
    return undefined;
  }

  /** A non-empty string. */
  string(key: string, options: FieldOptions = {}): string | undefined {
    const value = this.read(key, options, "a string", (v): v is string => typeof v === "string");
    if (value !== undefined && value.trim() === "") {
      this.problem(key, "must not be empty");
      return undefined;
    }
    return value;
  }

  /** A string matching `pattern`; `rule` explains the pattern in the message. */
  name(key: string, pattern: RegExp, rule: string, options: FieldOptions = {}): string | undefined {
    const value = this.string(key, options);
    if (value !== undefined && !pattern.test(value)) {
      this.problem(key, `${JSON.stringify(value)} ${rule}`);
      return undefined;
    }
    return value;
  }

  /** true or false. */
  boolean(key: string, options: FieldOptions = {}): boolean | undefined {
    return this.read(key, options, "true or false", (v): v is boolean => typeof v === "boolean");
  }

  /** A whole number >= min. */
  integer(key: string, min: number, options: FieldOptions = {}): number | undefined {
    const value = this.read(key, options, "a whole number", (v): v is number => Number.isInteger(v));
    if (value !== undefined && value < min) {
      this.problem(key, `must be >= ${min}`);
      return undefined;
    }
    return value;
  }

  /** A mapping (any content). */
  mapping(key: string, options: FieldOptions = {}): Record<string, unknown> | undefined {
    return this.read(key, options, "a mapping (key: value)", isMapping);
  }

  /** A list. */
  list(key: string, options: FieldOptions = {}): unknown[] | undefined {
    return this.read(key, options, "a list", Array.isArray);
  }

  /** A list of strings; `allowed` restricts the values. Duplicates are reported. */
  stringList(key: string, allowed?: readonly string[]): string[] | undefined {
    const list = this.list(key);
    if (!list) return undefined;
    let ok = true;
    list.forEach((item, i) => {
      const path = joinPath(this.at(key), i);
      if (typeof item !== "string" || item === "") {
        this.ctx.problems.add(this.ctx.file, path, `must be a non-empty string, got ${describe(item)}`);
        ok = false;
      } else if (allowed && !allowed.includes(item)) {
        this.ctx.problems.add(this.ctx.file, path, `${JSON.stringify(item)} is not one of ${allowed.join(", ")}`);
        ok = false;
      } else if (list.indexOf(item) !== i) {
        this.ctx.problems.add(this.ctx.file, path, `${JSON.stringify(item)} is listed twice`);
        ok = false;
      }
    });
    return ok ? (list as string[]) : undefined;
  }
}

/** The known key within edit distance 2 of `key`, if any (for "did you mean"). */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = distance(key.toLowerCase(), candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
