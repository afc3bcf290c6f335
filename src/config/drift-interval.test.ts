import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import { loadConfig } from "./load-config.js";

describe("DRIFT_INTERVAL / --drift-interval", () => {
  it("is off (0) by default; seconds from the environment or the flag", () => {
    expect(loadConfig({}, [], "/srv").driftIntervalMs).toBe(0);
    expect(loadConfig({ DRIFT_INTERVAL: "3600" }, [], "/srv").driftIntervalMs).toBe(3_600_000);
    expect(loadConfig({}, ["--drift-interval", "60"], "/srv").driftIntervalMs).toBe(60_000);
  });

  it("refuses what is not a whole number of seconds, naming the variable", () => {
    expect(() => loadConfig({ DRIFT_INTERVAL: "1h" }, [], "/srv")).toThrow(ConfigError);
    expect(() => loadConfig({ DRIFT_INTERVAL: "1h" }, [], "/srv")).toThrow(/DRIFT_INTERVAL/);
    expect(() => loadConfig({ DRIFT_INTERVAL: "-5" }, [], "/srv")).toThrow(/DRIFT_INTERVAL/);
  });
});
