/**
 * Durations as a catalog writes them (a plan's `binding_lifetime`, `renew_before`): whole numbers
 * of days, hours, minutes and seconds in that order, at least one, e.g. `720h`, `30d`, `1h30m`, `90s`.
 * Part of the domain: the catalog validates them at start-up, the broker computes expiries with them.
 */
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Milliseconds of a duration, or undefined when the text is not one (or is zero). */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (match === null || text === "") return undefined;
  const [d, h, m, s] = match.slice(1).map((part) => Number(part ?? 0));
  const ms = (((d * 24 + h) * 60 + m) * 60 + s) * 1000;
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}

/**
 * A timestamp as OSB clients that rotate bindings parse it: UTC, whole seconds, a literal `Z`
 * (`2030-01-01T00:00:00Z`). MUST never write an offset such as `+00:00`.
 */
export function utcTimestamp(at: Date | number): string {
  return `${new Date(at).toISOString().slice(0, 19)}Z`;
}
