import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import { loadConfig } from "./load-config.js";

describe("SIMULATOR_MODE / --simulator-mode", () => {
  it("defaults to reattach", () => {
    expect(loadConfig({}, [], "/srv").simulatorMode).toBe("reattach");
    expect(loadConfig({ SIMULATOR_MODE: "" }, [], "/srv").simulatorMode).toBe("reattach");
  });

  it("takes launched from the environment, and the flag over the environment", () => {
    expect(loadConfig({ SIMULATOR_MODE: "launched" }, [], "/srv").simulatorMode).toBe("launched");
    expect(loadConfig({}, ["--simulator-mode", "launched"], "/srv").simulatorMode).toBe("launched");
    expect(loadConfig({ SIMULATOR_MODE: "launched" }, ["--simulator-mode=reattach"], "/srv").simulatorMode).toBe("reattach");
  });

  it("refuses anything else, naming the variable, the flag and the values", () => {
    const load = () => loadConfig({}, ["--simulator-mode", "mirror"], "/srv");
    expect(load).toThrow(ConfigError);
    expect(load).toThrow('SIMULATOR_MODE (--simulator-mode) must be "reattach" or "launched", got "mirror"');
    expect(() => loadConfig({ SIMULATOR_MODE: "Launched" }, [], "/srv")).toThrow(/got "Launched"/);
  });
});
