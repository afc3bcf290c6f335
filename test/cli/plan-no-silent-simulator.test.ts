import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ROOT, runCli } from "./cli-harness.js";

/** issue 13 item 1 for `plan`: the same clouds.yaml search as `serve`; HOME and cwd are temporary folders. */
let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), "plan-no-silent-sim-"));
});
afterEach(() => rm(scratch, { recursive: true, force: true }));

const entry = (name: string) =>
  `  ${name}:\n    auth:\n      auth_url: https://keystone.example:5000/v3\n      username: u\n      password: p\n      project_name: demo\n      user_domain_name: Default\n      project_domain_name: Default\n`;

const planArgs = ["plan", "--service", "nova-vm", "--plan", "small", "--instance-id", "vm-new", "--json"];
const env = (home: string, extra: Record<string, string> = {}) => ({
  HOME: home,
  CATALOG_DIR: join(ROOT, "catalog"),
  STACKS_DIR: join(ROOT, "stacks"),
  STATE_DIR: join(scratch, "state"),
  ...extra,
});

describe("openstack-broker plan never simulates silently", () => {
  it("a clouds.yaml in ~/.config/openstack with several entries and no OS_CLOUD: exit 1 naming them", async () => {
    const home = join(scratch, "home");
    await mkdir(join(home, ".config", "openstack"), { recursive: true });
    await writeFile(join(home, ".config", "openstack", "clouds.yaml"), `clouds:\n${entry("east")}${entry("west")}`);
    const run = await runCli(planArgs, { env: env(home), cwd: scratch });
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/several clouds \(east, west\): choose one with OS_CLOUD or DEFAULT_CLOUD/);
  }, 60_000);

  it("SIMULATE=false and no cloud anywhere: exit 1, not a plan against the simulator", async () => {
    const home = join(scratch, "empty-home");
    await mkdir(home);
    const run = await runCli(planArgs, { env: env(home, { SIMULATE: "false" }), cwd: scratch });
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/SIMULATE=false but no cloud is configured/);
  }, 60_000);
});
