/** The values the acceptance-config evaluator computes. */

/** A file an acceptance test creates with os.CreateTemp; the corpus ships it next to the config. */
export interface GoTempFile {
  readonly kind: "tempfile";
  /** Relative to the terraform working directory. */
  readonly name: string;
  /** What the test writes into it (`tmpfile.Write(content)`), read lazily. */
  content?: () => GoValue;
}

/** A Go value: a string, a number (int or float), a bool, nil, or a temp file. */
export type GoValue = string | number | boolean | null | GoTempFile;

/** Go's %v / %s rendering. */
export function goString(value: GoValue): string {
  if (value === null) return "<nil>";
  if (typeof value === "object") return value.name;
  return String(value);
}

/** The value as a string; throws naming `what` when it is not one. */
export function asString(value: GoValue, what: string): string {
  if (typeof value !== "string") throw new Error(`${what}: expected a string, got ${goString(value)}`);
  return value;
}

/** The value as a number; throws naming `what` when it is not one. */
export function asNumber(value: GoValue, what: string): number {
  if (typeof value !== "number") throw new Error(`${what}: expected a number, got ${goString(value)}`);
  return value;
}
