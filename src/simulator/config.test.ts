import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configFromEnv, loadSimulatorConfig } from "./config.js";

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

async function file(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "os-sim-config-"));
  dirs.push(dir);
  await writeFile(join(dir, name), text);
  return join(dir, name);
}

describe("simulator configuration", () => {
  it("has devstack-like defaults", () => {
    const config = loadSimulatorConfig({ env: {} });
    expect(config.region).toBe("RegionOne");
    expect(config.quotas).toEqual({ instances: 10, cores: 20, ram: 51200, volumes: 10, gigabytes: 1000 });
    expect(config.inventory.flavors.map((f) => f.name)).toContain("m1.small");
  });

  it("reads a YAML file, then lets env vars override it", async () => {
    const path = await file(
      "sim.yaml",
      [
        "region: RegionTwo",
        "latencyMs: { default: 5, byType: { openstack_db_instance_v1: 50 } }",
        "quotas: { instances: 3 }",
        "failures:",
        "  - { resourceType: openstack_compute_instance_v2, operation: create, message: No valid host }",
        "inventory:",
        "  availabilityZones: [az1, az2]",
      ].join("\n"),
    );
    const config = loadSimulatorConfig({
      configFile: path,
      env: { OPENSTACK_SIM_QUOTA_CORES: "8", OPENSTACK_SIM_LATENCY_MS: "openstack_compute_instance_v2=7" },
    });
    expect(config.region).toBe("RegionTwo");
    expect(config.quotas).toMatchObject({ instances: 3, cores: 8, ram: 51200 });
    expect(config.latencyMs).toEqual({
      default: 5,
      byType: { openstack_db_instance_v1: 50, openstack_compute_instance_v2: 7 },
    });
    expect(config.failures).toEqual([
      { resourceType: "openstack_compute_instance_v2", operation: "create", message: "No valid host" },
    ]);
    expect(config.inventory.availabilityZones).toEqual(["az1", "az2"]);
    expect(config.inventory.flavors.length).toBeGreaterThan(0);
  });

  it("takes the file from OPENSTACK_SIM_CONFIG and parses failures from OPENSTACK_SIM_FAIL", async () => {
    const path = await file("sim.json", JSON.stringify({ region: "R3" }));
    const config = loadSimulatorConfig({
      env: {
        OPENSTACK_SIM_CONFIG: path,
        OPENSTACK_SIM_FAIL: "openstack_db_instance_v1:delete, openstack_networking_port_v2",
      },
    });
    expect(config.region).toBe("R3");
    expect(config.failures).toEqual([
      { resourceType: "openstack_db_instance_v1", operation: "delete" },
      { resourceType: "openstack_networking_port_v2", operation: "create" },
    ]);
  });

  it("names the file or variable that is wrong", async () => {
    const path = await file("bad.json", "{ nope");
    expect(() => loadSimulatorConfig({ configFile: path, env: {} })).toThrow(`simulator config ${path}:`);
    expect(() => configFromEnv({ OPENSTACK_SIM_QUOTA_RAM: "lots" })).toThrow(
      'OPENSTACK_SIM_QUOTA_RAM: "lots" is not a number',
    );
    expect(() => configFromEnv({ OPENSTACK_SIM_FAIL: "x:explode" })).toThrow("OPENSTACK_SIM_FAIL");
  });
});
