import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ROOT, startTestBroker, type TestBroker } from "../helpers/broker-fixture.js";

/**
 * issue 13 item 1: a broker started with a clouds.yaml never simulates. HOME is a temporary folder
 * (its ~/.config/openstack is the one searched) and the catalog is the real one (OpenStack stacks).
 * The system directory (/etc/openstack) is the real one here: src/runtime/simulation.test.ts covers it
 * with an injected folder.
 */
let scratch: string;
let broker: TestBroker | undefined;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), "no-silent-simulator-"));
});
afterEach(async () => {
  await broker?.close();
  broker = undefined;
  await rm(scratch, { recursive: true, force: true });
});

const entry = (name: string) =>
  `  ${name}:\n    auth:\n      auth_url: https://keystone.example:5000/v3\n      username: u\n      password: p\n      project_name: demo\n      user_domain_name: Default\n      project_domain_name: Default\n`;

async function homeWithClouds(...names: string[]): Promise<string> {
  const home = join(scratch, "home");
  await mkdir(join(home, ".config", "openstack"), { recursive: true });
  await writeFile(join(home, ".config", "openstack", "clouds.yaml"), `clouds:\n${names.map(entry).join("")}`);
  return home;
}

const env = (extra: Record<string, string>) => ({ CATALOG_DIR: join(ROOT, "catalog"), ...extra });

describe("no silent simulator", () => {
  it("a clouds.yaml in ~/.config/openstack with one entry and no OS_CLOUD: the broker uses it, not the simulator", async () => {
    const home = await homeWithClouds("only");
    broker = await startTestBroker({ dir: scratch, env: env({ HOME: home }) });
    expect(broker.broker.simulated).toBe(false);
  });

  it("several entries and no OS_CLOUD / DEFAULT_CLOUD: a start-up error naming them, nothing created", async () => {
    const home = await homeWithClouds("east", "west");
    await expect(startTestBroker({ dir: scratch, env: env({ HOME: home }) })).rejects.toThrow(
      /clouds\.yaml: clouds: several clouds \(east, west\): choose one with OS_CLOUD or DEFAULT_CLOUD/,
    );
    expect(await readdir(scratch)).not.toContain("state");
  });

  it("SIMULATE=false and no cloud anywhere: a start-up error, nothing created", async () => {
    const home = join(scratch, "empty-home");
    await mkdir(home);
    await expect(startTestBroker({ dir: scratch, env: env({ HOME: home, SIMULATE: "false" }) })).rejects.toThrow(
      /SIMULATE=false but no cloud is configured/,
    );
    expect(await readdir(scratch)).not.toContain("state");
  });

  it("no cloud anywhere and SIMULATE unset: the simulator (the quick start)", async () => {
    const home = join(scratch, "empty-home");
    await mkdir(home);
    broker = await startTestBroker({ dir: scratch, env: env({ HOME: home }) });
    expect(broker.broker.simulated).toBe(true);
  });
});
