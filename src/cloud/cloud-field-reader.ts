import { CloudConfigError } from "./cloud-files.js";

/**
 * Reads typed fields of one clouds.yaml entry; every failure names the file and the dotted field
 * (`clouds.<name>.<field>`), never a value (values may be secrets).
 */
export class FieldReader {
  constructor(
    /** The clouds.yaml the entry came from (absolute). */
    readonly file: string,
    /** `clouds.<name>`. */
    readonly prefix: string,
    /** The home directory `~` stands for (openstacksdk: `$HOME`). */
    readonly home: string,
  ) {}

  fail(field: string, problem: string): never {
    throw new CloudConfigError(this.file, `${this.prefix}.${field}`, problem);
  }

  /** A string field (numbers are taken as their text, like YAML scalars); absent: undefined. */
  string(map: Record<string, unknown>, field: string, path = field): string | undefined {
    const value = map[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "number") return String(value);
    if (typeof value !== "string" || value === "") this.fail(path, "must be a non-empty string");
    return value;
  }

  required(map: Record<string, unknown>, field: string, path: string, why: string): string {
    return this.string(map, field, path) ?? this.fail(path, `missing (${why})`);
  }
}
