import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BrokerConfig } from "../config/broker-config.js";
import { loadConfig } from "../config/load-config.js";
import type { Logger } from "../logging/logger.js";
import { resolveSimulation, simulationReason } from "./simulation.js";

/** Every search root (cwd, HOME, the system directory) is a temporary folder: nothing real is read. */
let root: string;
let dirs: { cwd: string; home: string; system: string };
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "simulation-choice-"));
  dirs = { cwd: join(root, "cwd"), home: join(root, "home"), system: join(root, "etc-openstack") };
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
});
afterEach(() => rm(root, { recursive: true, force: true }));

const entry = (name: string) =>
  `  ${name}:\n    auth:\n      auth_url: https://keystone.example:5000/v3\n      username: u\n      password: p\n      project_name: demo\n      user_domain_name: Default\n      project_domain_name: Default\n`;
const cloudsYaml = (...names: string[]) => `clouds:\n${names.map(entry).join("")}`;

function configOf(env: Record<string, string>): BrokerConfig {
  const config = loadConfig({ HOME: dirs.home, ...env }, [], dirs.cwd);
  return { ...config, cloudFiles: { ...config.cloudFiles!, systemDir: dirs.system } };
}

function capture(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const text = (obj: object | string, msg?: string) => (typeof obj === "string" ? obj : (msg ?? ""));
  const logger: Logger = {
    info: () => undefined,
    debug: () => undefined,
    error: () => undefined,
    warn: (obj, msg) => void warnings.push(text(obj, msg)),
    child: () => logger,
  };
  return { logger, warnings };
}

const decide = (env: Record<string, string> = {}) => {
  const { logger, warnings } = capture();
  const config = resolveSimulation(configOf(env), logger, env);
  return { simulate: config.simulate, warnings };
};

describe("the simulator or a cloud (SIMULATE unset unless said)", () => {
  for (const where of ["cwd", "home", "system"] as const) {
    it(`uses the only entry of a clouds.yaml in ${where === "home" ? "~/.config/openstack" : where === "system" ? "/etc/openstack" : "./"} without OS_CLOUD`, async () => {
      const dir = where === "home" ? join(dirs.home, ".config", "openstack") : dirs[where];
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, "clouds.yaml"), cloudsYaml("only"));
      expect(decide()).toEqual({ simulate: false, warnings: [] });
    });
  }

  it("refuses several entries without OS_CLOUD or DEFAULT_CLOUD, naming the file and the entries", async () => {
    await writeFile(join(dirs.cwd, "clouds.yaml"), cloudsYaml("east", "west"));
    expect(() => decide()).toThrow(
      `${join(dirs.cwd, "clouds.yaml")}: clouds: several clouds (east, west): choose one with OS_CLOUD or DEFAULT_CLOUD`,
    );
  });

  it("several entries are fine when the catalog has no OpenStack stacks (clouds.yaml only for STATE_CLOUD)", async () => {
    await writeFile(join(dirs.cwd, "clouds.yaml"), cloudsYaml("east", "west"));
    const { logger } = capture();
    expect(resolveSimulation(configOf({}), logger, {}, false).simulate).toBe(false);
  });

  it("takes the entry OS_CLOUD names among several", async () => {
    await writeFile(join(dirs.cwd, "clouds.yaml"), cloudsYaml("east", "west"));
    expect(decide({ OS_CLOUD: "west" }).simulate).toBe(false);
  });

  it("with no cloud anywhere, simulates and says so at warn level", () => {
    const { simulate, warnings } = decide();
    expect(simulate).toBe(true);
    expect(warnings).toEqual([expect.stringMatching(/^no OpenStack cloud configured .*built-in simulator/)]);
  });

  it("SIMULATE=false with no cloud anywhere is a start-up error", () => {
    expect(() => decide({ SIMULATE: "false" })).toThrow(/SIMULATE=false but no cloud is configured/);
  });

  it("SIMULATE=true forces the simulator even with a clouds.yaml, without the warning", async () => {
    await writeFile(join(dirs.cwd, "clouds.yaml"), cloudsYaml("east", "west"));
    expect(decide({ SIMULATE: "true" })).toEqual({ simulate: true, warnings: [] });
  });

  it("OS_AUTH_URL alone is a cloud (the provider reads the OS_* environment)", () => {
    expect(decide({ OS_AUTH_URL: "https://keystone.example:5000/v3" }).simulate).toBe(false);
  });

  it("a SIMULATE that is neither true nor false is refused, naming it", () => {
    expect(() => configOf({ SIMULATE: "ture" })).toThrow('SIMULATE (--simulate) must be true or false, got "ture"');
  });
});

describe("why the simulator runs (the start-up line, previews)", () => {
  it("names SIMULATE=true when it forces the simulator, even with a cloud configured", async () => {
    await writeFile(join(dirs.cwd, "clouds.yaml"), cloudsYaml("only"));
    const { logger } = capture();
    const config = resolveSimulation(configOf({ SIMULATE: "true" }), logger, {});
    expect(config.simulate).toBe(true);
    expect(simulationReason(config)).toBe("forced by SIMULATE=true");
  });

  it("says no cloud configured when SIMULATE is unset and nothing was found", () => {
    const { logger } = capture();
    const config = resolveSimulation(configOf({}), logger, {});
    expect(config.simulate).toBe(true);
    expect(simulationReason(config)).toBe("no cloud configured");
  });

  it("adds how under SIMULATOR_MODE=launched", () => {
    expect(simulationReason({ simulateSetting: "on", simulatorMode: "launched" })).toBe(
      "forced by SIMULATE=true; launched by terraform, SIMULATOR_MODE=launched",
    );
  });
});
