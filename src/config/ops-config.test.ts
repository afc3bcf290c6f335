import { describe, expect, it } from "vitest";
import { loadConfig } from "./load-config.js";

describe("SHUTDOWN_GRACE_SECONDS, METRICS_USERNAME / METRICS_PASSWORD, SIMULATE", () => {
  it("SHUTDOWN_GRACE_SECONDS defaults to 60 s and is validated", () => {
    expect(loadConfig({}).shutdownGraceMs).toBe(60_000);
    expect(loadConfig({ SHUTDOWN_GRACE_SECONDS: "5" }).shutdownGraceMs).toBe(5_000);
    expect(() => loadConfig({ SHUTDOWN_GRACE_SECONDS: "soon" })).toThrow(
      'SHUTDOWN_GRACE_SECONDS must be an integer from 0 to 3600, got "soon"',
    );
  });

  it("metrics credentials: both, or neither (then /metrics takes the broker's)", () => {
    expect(loadConfig({}).metricsCredentials).toBeUndefined();
    expect(loadConfig({ METRICS_USERNAME: "prom", METRICS_PASSWORD: "x" }).metricsCredentials).toEqual({
      username: "prom",
      password: "x",
    });
    expect(() => loadConfig({ METRICS_USERNAME: "prom" })).toThrow(
      "METRICS_USERNAME and METRICS_PASSWORD must be set together",
    );
  });

  it("SIMULATE: unset is auto, true/false (and 1/0, yes/no) are explicit", () => {
    expect(loadConfig({}).simulateSetting).toBe("auto");
    expect(loadConfig({ SIMULATE: "yes" })).toMatchObject({ simulateSetting: "on", simulate: true });
    expect(loadConfig({ SIMULATE: "0" })).toMatchObject({ simulateSetting: "off", simulate: false });
    expect(loadConfig({}, ["--simulate"]).simulateSetting).toBe("on");
  });
});
