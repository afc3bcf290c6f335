import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import { loadConfig } from "./load-config.js";

describe("TERRAFORM_SPAWN_HELPER / --terraform-spawn-helper", () => {
  it("is on by default; true/false from the environment or the flag", () => {
    expect(loadConfig({}, [], "/srv").terraformSpawnHelper).toBe(true);
    expect(loadConfig({ TERRAFORM_SPAWN_HELPER: "false" }, [], "/srv").terraformSpawnHelper).toBe(false);
    expect(loadConfig({ TERRAFORM_SPAWN_HELPER: "0" }, [], "/srv").terraformSpawnHelper).toBe(false);
    expect(loadConfig({ TERRAFORM_SPAWN_HELPER: "yes" }, [], "/srv").terraformSpawnHelper).toBe(true);
    expect(loadConfig({}, ["--terraform-spawn-helper"], "/srv").terraformSpawnHelper).toBe(true);
  });

  it("refuses anything else, naming the variable", () => {
    expect(() => loadConfig({ TERRAFORM_SPAWN_HELPER: "off-ish" }, [], "/srv")).toThrow(ConfigError);
    expect(() => loadConfig({ TERRAFORM_SPAWN_HELPER: "off-ish" }, [], "/srv")).toThrow(/TERRAFORM_SPAWN_HELPER/);
  });
});
