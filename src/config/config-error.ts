/** A configuration problem, reported before the broker listens. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
