import { workDirLeftovers } from "../helpers/work-dir-leftovers.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load-config.js";
import { startBroker } from "../../src/cli/start-broker.js";
import { createSilentLogger } from "../../src/logging/logger.js";
import { ROOT, startTestBroker, testBrokerEnv, type TestBroker } from "../helpers/broker-fixture.js";

/**
 * Which cloud serves which instance, through a real broker (real HTTP, real terraform) on the
 * simulator. The clouds.yaml has two clouds; the simulator (reattach mode) sees only the provider block,
 * so the probe stack's own `local-exec` copies the synthesized cdk.tf.json out of the working directory
 * while terraform runs, and records what terraform's provider would read there: OS_CLIENT_CONFIG_FILE
 * (blank), the run's own clouds.yaml (its entry's name, its mode) and secure.yaml (its mode). That is
 * what the test reads; the password itself is never copied.
 */
const SERVICE_ID = "c10d5-probe-service";
const PLAN = { routed: "c10d5-routed", choice: "c10d5-choice", pinned: "c10d5-pinned" };
const PASSWORD = "never-in-terraform-0b7d1c";

let dir: string;
let captures: string;
let cloudsFile: string;
let t: TestBroker;

const probeStack = (captureDir: string) => `
import { defineService } from ${JSON.stringify(join(ROOT, "src/synth/service-definition.ts"))};
import { TerraformData } from ${JSON.stringify(join(ROOT, "stacks/terraform-test/terraform-data.ts"))};
const capture = (name: string) =>
  \`cp cdk.tf.json ${captureDir}/\${name}.json && printf '%s|%s|%s' "$OS_CLIENT_CONFIG_FILE" "$(grep -o '"team-[ab]"' clouds.yaml)" "$(stat -c %a clouds.yaml secure.yaml | tr '\\n' ' ')" > ${captureDir}/\${name}.env\`;
export default defineService({
  providers: ["openstack"],
  instance(scope, ctx) {
    new TerraformData(scope, "probe", { triggersReplace: ctx.param("note"), provisioners: [{ type: "local-exec", command: capture(\`\${ctx.instanceId}-instance\`) }] });
    ctx.output("note", ctx.param("note"));
  },
  binding(scope, ctx) {
    new TerraformData(scope, "probe", { provisioners: [{ type: "local-exec", command: capture(\`\${ctx.instanceId}-\${ctx.bindingId}\`) }] });
    ctx.output("note", ctx.instanceOutput("note"));
  },
});
`;

const plan = (id: string, name: string, extra: string) => `
      - id: ${id}
        name: ${name}
        description: probe plan
        stack: cloud-probe
        defaults: { note: first }
        schemas:
          create: { type: object, additionalProperties: false, properties: { note: { type: string } } }
          update: { type: object, additionalProperties: false, properties: { note: { type: string } } }
${extra}`;

const catalog = (extra = "") => `services:
  - id: ${SERVICE_ID}
    name: cloud-probe
    description: records the cloud terraform was given
    bindable: true
    instances_retrievable: true
    bindings_retrievable: true
    plan_updateable: true
    plans:
${plan(PLAN.routed, "routed", "")}
${plan(PLAN.choice, "choice", "        clouds: [team-a, team-b]")}
${plan(PLAN.pinned, "pinned", `        cloud: ${extra || "team-b"}`)}
`;

const cloud = (project: string) => ({
  auth: {
    auth_url: "http://127.0.0.1:9/v3",
    username: "broker",
    password: PASSWORD,
    project_name: project,
    user_domain_name: "Default",
    project_domain_name: "Default",
  },
  region_name: "RegionOne",
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "osb-clouds-"));
  captures = join(dir, "captures");
  await mkdir(captures);
  await mkdir(join(dir, "stacks/cloud-probe"), { recursive: true });
  await writeFile(join(dir, "stacks/cloud-probe/index.ts"), probeStack(captures));
  await mkdir(join(dir, "catalog"));
  await writeFile(join(dir, "catalog/probe.yaml"), catalog());
  cloudsFile = join(dir, "clouds.yaml");
  await writeFile(cloudsFile, JSON.stringify({ clouds: { "team-a": cloud("a"), "team-b": cloud("b") } }));
  await writeFile(join(dir, "mapping.yaml"), "- match: { platform: kubernetes, namespace: team-a }\n  cloud: team-a\n");
  t = await startTestBroker({
    dir: join(dir, "broker"),
    env: {
      SIMULATE: "true",
      CATALOG_DIR: join(dir, "catalog"),
      STACKS_DIR: join(dir, "stacks"),
      OS_CLIENT_CONFIG_FILE: cloudsFile,
      DEFAULT_CLOUD: "team-b",
      CLOUD_MAPPING_FILE: join(dir, "mapping.yaml"),
    },
  });
});
afterAll(async () => {
  await t?.close();
  await rm(dir, { recursive: true, force: true });
});

const provision = (id: string, planId: string, namespace: string, parameters: Record<string, unknown> = {}) =>
  t.client.put(`/v2/service_instances/${id}?accepts_incomplete=true`, {
    service_id: SERVICE_ID,
    plan_id: planId,
    organization_guid: "org",
    space_guid: "space",
    context: { platform: "kubernetes", namespace },
    parameters,
  });

/** The cloud terraform was given for a run: the provider block's `cloud`, and what its provider reads in the working directory. */
async function captured(name: string): Promise<{ cloud: unknown; configFile: string; text: string }> {
  const text = await readFile(join(captures, `${name}.json`), "utf8");
  const config = JSON.parse(text) as { provider: { openstack: { cloud?: string }[] } };
  return {
    cloud: config.provider.openstack[0].cloud,
    configFile: await readFile(join(captures, `${name}.env`), "utf8"),
    text,
  };
}

/** OS_CLIENT_CONFIG_FILE blank, the run's clouds.yaml holding the one entry `cloud`, both files 0600. */
const runFiles = (cloud: string) => `|"${cloud}"|600 600 `;

async function provisioned(id: string, planId: string, namespace: string, parameters?: Record<string, unknown>) {
  const put = await provision(id, planId, namespace, parameters);
  expect(put.status, await put.clone().text()).toBe(202);
  expect((await t.waitForInstance(id)).body).toMatchObject({ state: "succeeded" });
  return { record: await t.broker.records.getInstance(id), run: await captured(`${id}-instance`) };
}

describe("which OpenStack cloud serves which instance", () => {
  it("maps a Kubernetes namespace to its cloud: the provider block names it, the run's clouds.yaml holds it, the record keeps it", async () => {
    const { record, run } = await provisioned("mapped", PLAN.routed, "team-a");
    expect(record?.cloud).toBe("team-a");
    expect(run.cloud).toBe("team-a");
    expect(run.configFile).toBe(runFiles("team-a"));
    expect(run.text).not.toContain(PASSWORD);
    expect(run.text).not.toContain("auth_url");
  });

  it("an unmapped namespace gets the default cloud", async () => {
    const { record, run } = await provisioned("unmapped", PLAN.routed, "elsewhere");
    expect([record?.cloud, run.cloud]).toEqual(["team-b", "team-b"]);
  });

  it("a plan's pin wins over the mapping", async () => {
    const { record, run } = await provisioned("pinned", PLAN.pinned, "team-a");
    expect([record?.cloud, run.cloud]).toEqual(["team-b", "team-b"]);
  });

  it("a request chooses among the plan's clouds with the reserved `cloud` parameter", async () => {
    const { record, run } = await provisioned("chosen", PLAN.choice, "team-a", { cloud: "team-b" });
    expect([record?.cloud, run.cloud]).toEqual(["team-b", "team-b"]);
    expect(record?.values).not.toHaveProperty("cloud");
    // Not given: the mapping, as it is one of the plan's clouds.
    const mapped = await provisioned("chosen-mapped", PLAN.choice, "team-a");
    expect(mapped.record?.cloud).toBe("team-a");
  });

  it("refuses a cloud the plan does not allow (400 naming the allowed ones) and creates nothing", async () => {
    const put = await provision("refused", PLAN.choice, "team-a", { cloud: "team-c" });
    expect(put.status).toBe(400);
    expect(((await put.json()) as { description: string }).description).toBe(
      'parameters.cloud: "team-c" is not allowed by plan choice (allowed: team-a, team-b)',
    );
    expect((await provision("refused-2", PLAN.routed, "team-a", { cloud: "team-a" })).status).toBe(400);
    expect(await t.broker.records.getInstance("refused")).toBeUndefined();
    expect(await t.broker.records.getInstance("refused-2")).toBeUndefined();
  });

  it("an update keeps the cloud and refuses `cloud`; a binding runs on its instance's cloud", async () => {
    const refused = await t.client.patch("/v2/service_instances/mapped?accepts_incomplete=true", {
      service_id: SERVICE_ID,
      parameters: { cloud: "team-b" },
    });
    expect(refused.status).toBe(400);
    await rm(join(captures, "mapped-instance.json")); // the update's own run writes it again
    const update = await t.client.patch("/v2/service_instances/mapped?accepts_incomplete=true", {
      service_id: SERVICE_ID,
      parameters: { note: "second" },
    });
    expect(update.status, await update.clone().text()).toBe(202);
    expect((await t.waitForInstance("mapped")).body).toMatchObject({ state: "succeeded" });
    expect((await t.broker.records.getInstance("mapped"))?.cloud).toBe("team-a");
    expect((await captured("mapped-instance")).cloud).toBe("team-a");

    const bind = await t.client.put("/v2/service_instances/mapped/service_bindings/b1", {
      service_id: SERVICE_ID,
      plan_id: PLAN.routed,
      app_guid: "app",
    });
    expect(bind.status, await bind.clone().text()).toBe(201);
    const binding = await captured("mapped-b1");
    expect([binding.cloud, binding.configFile]).toEqual(["team-a", runFiles("team-a")]);
  });

  it("a plan change to a plan pinned to another cloud is refused: an instance never moves", async () => {
    const moved = await t.client.patch("/v2/service_instances/mapped?accepts_incomplete=true", {
      service_id: SERVICE_ID,
      plan_id: PLAN.pinned,
    });
    expect(moved.status).toBe(422);
    expect(((await moved.json()) as { description: string }).description).toBe(
      "plan pinned runs on cloud team-b; instance mapped is on team-a and cannot move",
    );
    expect((await t.broker.records.getInstance("mapped"))?.planId).toBe(PLAN.routed);
  });

  it("the working directories, and the clouds.yaml written for each run, are gone after the runs", async () => {
    expect(await workDirLeftovers(t.config.workDir)).toEqual([]);
  });
});

describe("start-up checks of cloud names", () => {
  it("a plan naming a cloud clouds.yaml lacks stops the broker before it listens, naming file and field", async () => {
    const bad = join(dir, "bad-catalog");
    await mkdir(bad, { recursive: true });
    await writeFile(join(bad, "probe.yaml"), catalog("team-c"));
    const config = loadConfig(
      testBrokerEnv(join(dir, "bad"), {
        SIMULATE: "true",
        CATALOG_DIR: bad,
        STACKS_DIR: join(dir, "stacks"),
        OS_CLIENT_CONFIG_FILE: cloudsFile,
      }),
    );
    const failure = await startBroker(config, { logger: createSilentLogger() }).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure?.name).toBe("ConfigError"); // an operator error: printed without a stack trace
    expect(failure?.message).toBe(
      `${cloudsFile}: clouds.team-c: no such cloud, named by bad-catalog/probe.yaml: plan pinned: cloud (have: team-a, team-b)`,
    );
    // Nothing was created: the state directory does not exist.
    await expect(readdir(config.stateDir)).rejects.toThrow(/ENOENT/);
  });
});
