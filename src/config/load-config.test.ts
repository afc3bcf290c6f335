import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import { defaultConcurrency, loadConfig } from "./load-config.js";

describe("SIMULATOR_MODE / --simulator-mode", () => {
  it("defaults to reattach", () => {
    expect(loadConfig({}, [], "/srv").simulatorMode).toBe("reattach");
    expect(loadConfig({ SIMULATOR_MODE: "" }, [], "/srv").simulatorMode).toBe("reattach");
  });

  it("takes launched from the environment, and the flag over the environment", () => {
    expect(loadConfig({ SIMULATOR_MODE: "launched" }, [], "/srv").simulatorMode).toBe("launched");
    expect(loadConfig({}, ["--simulator-mode", "launched"], "/srv").simulatorMode).toBe("launched");
    expect(loadConfig({ SIMULATOR_MODE: "launched" }, ["--simulator-mode=reattach"], "/srv").simulatorMode).toBe(
      "reattach",
    );
  });

  it("refuses anything else, naming the variable, the flag and the values", () => {
    const load = () => loadConfig({}, ["--simulator-mode", "mirror"], "/srv");
    expect(load).toThrow(ConfigError);
    expect(load).toThrow('SIMULATOR_MODE (--simulator-mode) must be "reattach" or "launched", got "mirror"');
    expect(() => loadConfig({ SIMULATOR_MODE: "Launched" }, [], "/srv")).toThrow(/got "Launched"/);
  });
});

describe("PREVIEW_CONCURRENCY / PREVIEW_TIMEOUT_SECONDS", () => {
  it("default to 2 plans at once and 45 s each (below a platform's usual 60 s request timeout)", () => {
    const config = loadConfig({}, [], "/srv");
    expect(config.previewConcurrency).toBe(2);
    expect(config.previewTimeoutMs).toBe(45_000);
    expect(loadConfig({ PREVIEW_CONCURRENCY: "1", PREVIEW_TIMEOUT_SECONDS: "20" }, [], "/srv")).toMatchObject({
      previewConcurrency: 1,
      previewTimeoutMs: 20_000,
    });
  });

  it("refuses values out of range, naming the variable", () => {
    expect(() => loadConfig({ PREVIEW_CONCURRENCY: "0" }, [], "/srv")).toThrow(
      'PREVIEW_CONCURRENCY must be an integer from 1 to 64, got "0"',
    );
    expect(() => loadConfig({ PREVIEW_TIMEOUT_SECONDS: "soon" }, [], "/srv")).toThrow(
      'PREVIEW_TIMEOUT_SECONDS must be an integer from 1 to 3600, got "soon"',
    );
  });
});

describe("RESOURCE_SERVICES / --resource-services", () => {
  it("is off by default and splits on commas and spaces", () => {
    expect(loadConfig({}, [], "/srv").resourceServices).toEqual([]);
    expect(
      loadConfig({ RESOURCE_SERVICES: " dns, openstack_compute_keypair_v2  networking," }, [], "/srv").resourceServices,
    ).toEqual(["dns", "openstack_compute_keypair_v2", "networking"]);
    expect(loadConfig({}, ["--resource-services", "all"], "/srv").resourceServices).toEqual(["all"]);
  });
});

describe("CONCURRENCY default", () => {
  it("four per core, from 4 to 32; CONCURRENCY overrides it", () => {
    expect([1, 2, 8, 64].map((cores) => defaultConcurrency(cores))).toEqual([4, 8, 32, 32]);
    expect(loadConfig({}, [], "/srv").concurrency).toBe(defaultConcurrency());
    expect(loadConfig({ CONCURRENCY: "20" }, [], "/srv").concurrency).toBe(20);
  });
});
