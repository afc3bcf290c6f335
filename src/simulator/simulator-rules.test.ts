/**
 * The provider rules table enforced through real terraform: validation with the SDK's wording,
 * RequiresReplace paths, defaults and StateFuncs (see rules/ and docs/simulator.md "Provider rules").
 * Expected behaviour is terraform-provider-openstack 3.4.0's (openstack/*.go, cited per test) on
 * terraform-plugin-sdk v2.
 */
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  createTestSimulator,
  REQUIRED_PROVIDERS,
  simulatorTest,
  type TestSimulator,
} from "../../test/helpers/simulator-harness.js";

type Diagnostic = { severity: string; summary: string; detail: string; address?: string };
type ResourceChange = {
  address: string;
  change: { actions: string[]; after: Record<string, unknown>; replace_paths?: unknown[][] };
};

const stack = (resource: Record<string, unknown>) => ({ provider: { openstack: [{}] }, resource });
const vm = (extra: Record<string, unknown> = {}) => ({
  name: "vm",
  image_name: "cirros-0.6.2-x86_64-disk",
  flavor_name: "m1.tiny",
  network: [{ name: "private" }],
  ...extra,
});
const db = (extra: Record<string, unknown> = {}) => ({
  name: "db",
  size: 1,
  volume_type: "lvmdriver-1",
  datastore: [{ type: "mysql", version: "8.0" }],
  ...extra,
});

async function initialised(simulator: TestSimulator, config: Record<string, unknown>): Promise<string> {
  const dir = await simulator.workdir(config);
  expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
  return dir;
}

async function validate(simulator: TestSimulator, config: Record<string, unknown>) {
  const dir = await initialised(simulator, config);
  const result = await simulator.terraform(dir, "validate", "-json");
  return {
    dir,
    exitCode: result.exitCode,
    diagnostics: (JSON.parse(result.stdout) as { diagnostics: Diagnostic[] }).diagnostics,
  };
}

async function rewrite(dir: string, config: Record<string, unknown>): Promise<void> {
  await writeFile(
    join(dir, "main.tf.json"),
    JSON.stringify({ ...config, terraform: { required_providers: REQUIRED_PROVIDERS } }),
  );
}

/** The saved plan as `terraform show -json` reports it. */
async function plan(simulator: TestSimulator, dir: string): Promise<ResourceChange[]> {
  const planned = await simulator.terraform(dir, "plan", "-input=false", "-no-color", "-out=tfplan");
  expect(planned.stderr).toBe("");
  const shown = await simulator.terraform(dir, "show", "-json", "tfplan");
  return (JSON.parse(shown.stdout) as { resource_changes: ResourceChange[] }).resource_changes;
}

async function applied(simulator: TestSimulator, config: Record<string, unknown>): Promise<string> {
  const dir = await initialised(simulator, config);
  const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
  expect(apply.stderr).toBe("");
  return dir;
}

describe("validation: the SDK's diagnostics from the rules table", () => {
  simulatorTest("RequiredWith: a Trove instance without volume_type fails validate and plan", async ({ simulator }) => {
    // resource_openstack_db_instance_v1.go: "size" has RequiredWith: []string{"volume_type"}.
    const { dir, exitCode, diagnostics } = await validate(
      simulator,
      stack({ openstack_db_instance_v1: { db: db({ volume_type: null }) } }),
    );
    expect(exitCode).toBe(1);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: "error",
        summary: "Missing required argument",
        detail: '"size": all of `size,volume_type` must be specified',
        address: "openstack_db_instance_v1.db",
      }),
    ]);
    const planned = await simulator.terraform(dir, "plan", "-no-color");
    expect(planned.exitCode).toBe(1);
    expect(planned.stderr).toContain('"size": all of `size,volume_type` must be specified');
    expect(planned.stderr).toContain('"size": 1,'); // terraform points at the attribute the SDK's path names
  });

  simulatorTest("StringInSlice, ConflictsWith and ExactlyOneOf", async ({ simulator }) => {
    const { diagnostics } = await validate(
      simulator,
      stack({
        // resource_openstack_compute_instance_v2.go: power_state StringInSlice(active, shutoff, shelved_offloaded, paused);
        // network_mode ConflictsWith network.
        openstack_compute_instance_v2: { vm: vm({ power_state: "on", network_mode: "none" }) },
        // resource_openstack_lb_pool_v2.go: listener_id / loadbalancer_id ExactlyOneOf.
        openstack_lb_pool_v2: {
          pool: { protocol: "HTTP", lb_method: "ROUND_ROBIN", listener_id: "l-1", loadbalancer_id: "lb-1" },
        },
      }),
    );
    // data_source_openstack_lb_loadbalancer_v2.go: loadbalancer_id ExactlyOneOf name, and name ExactlyOneOf loadbalancer_id.
    // data_source_openstack_loadbalancer_flavor_v2.go: DeprecationMessage "Use openstack_lb_flavor_v2 instead."
    const data = await validate(simulator, {
      provider: { openstack: [{}] },
      data: {
        openstack_lb_loadbalancer_v2: { lb: {} },
        openstack_loadbalancer_flavor_v2: { old: { name: "amphora" } },
      },
    });
    expect(data.diagnostics.map((d) => `${d.severity} ${d.summary} | ${d.detail}`).sort()).toEqual([
      'error Invalid combination of arguments | "loadbalancer_id": one of `loadbalancer_id,name` must be specified',
      'error Invalid combination of arguments | "name": one of `loadbalancer_id,name` must be specified',
      "warning Deprecated Resource | Use openstack_lb_flavor_v2 instead.",
    ]);
    const details = diagnostics.map((d) => `${d.summary} | ${d.detail}`).sort();
    expect(details).toEqual(
      [
        'Conflicting configuration arguments | "network_mode": conflicts with network',
        'Invalid combination of arguments | "listener_id": only one of `listener_id,loadbalancer_id` can be specified, but `listener_id,loadbalancer_id` were specified.',
        'Invalid combination of arguments | "loadbalancer_id": only one of `listener_id,loadbalancer_id` can be specified, but `listener_id,loadbalancer_id` were specified.',
        'expected power_state to be one of ["active" "shutoff" "shelved_offloaded" "paused"], got on | ',
      ].sort(),
    );
  });

  simulatorTest("a rule over a value unknown at validate time waits for plan", async ({ simulator }) => {
    const config = {
      ...stack({ openstack_compute_instance_v2: { vm: vm({ power_state: "${var.state}" }) } }),
      variable: { state: { type: "string", default: "on" } },
    };
    const { dir, diagnostics } = await validate(simulator, config);
    expect(diagnostics).toEqual([]); // variables are unknown during validate
    const planned = await simulator.terraform(dir, "plan", "-no-color");
    expect(planned.exitCode).toBe(1);
    expect(planned.stderr).toContain(
      'expected power_state to be one of ["active" "shutoff" "shelved_offloaded" "paused"], got on',
    );
  });
});

describe("planning: defaults, StateFuncs and replacements from the rules table", () => {
  simulatorTest(
    "Defaults are planned; user_data is stored as its SHA-1 and plans no change afterwards",
    async ({ simulator }) => {
      const config = stack({ openstack_compute_instance_v2: { vm: vm({ user_data: "#cloud-config\n" }) } });
      const dir = await initialised(simulator, config);
      const [change] = await plan(simulator, dir);
      // resource_openstack_compute_instance_v2.go: power_state Default "active", stop_before_destroy Default false,
      // network.access_network Default false; user_data StateFunc: hex(sha1(v)).
      expect(change.change.after).toMatchObject({
        power_state: "active",
        stop_before_destroy: false,
        user_data: sha1("#cloud-config\n"),
        network: [expect.objectContaining({ access_network: false })],
      });
      expect((await simulator.terraform(dir, "apply", "-auto-approve", "-no-color", "tfplan")).exitCode).toBe(0);
      const [stored] = await simulator.cloud.list("openstack_compute_instance_v2");
      expect(stored.state.user_data).toBe(sha1("#cloud-config\n"));
      expect((await simulator.terraform(dir, "plan", "-detailed-exitcode", "-no-color")).exitCode).toBe(0);
    },
  );

  simulatorTest(
    "compute_instance_v2: an image change is an in-place update, a network change a replacement",
    async ({ simulator }) => {
      // resource_openstack_compute_instance_v2.go: image_id / image_name are not ForceNew (Update rebuilds the
      // server); network and its uuid/name/port/fixed_ip_* are ForceNew.
      const dir = await applied(simulator, stack({ openstack_compute_instance_v2: { vm: vm() } }));
      await rewrite(dir, stack({ openstack_compute_instance_v2: { vm: vm({ image_name: "ubuntu-22.04" }) } }));
      const [image] = await plan(simulator, dir);
      expect(image.change.actions).toEqual(["update"]);
      expect(image.change.replace_paths).toBeUndefined();
      await rewrite(dir, stack({ openstack_compute_instance_v2: { vm: vm({ network: [{ name: "public" }] }) } }));
      const [network] = await plan(simulator, dir);
      expect(network.change.actions).toEqual(["delete", "create"]);
      expect(network.change.replace_paths).toEqual([["network", 0, "name"]]);
    },
  );

  simulatorTest(
    "a nested ForceNew attribute replaces with its path; a resource without Update replaces",
    async ({ simulator }) => {
      const dir = await applied(
        simulator,
        stack({
          openstack_db_instance_v1: { db: db() },
          openstack_compute_keypair_v2: { key: { name: "key-1" } },
        }),
      );
      // resource_openstack_db_instance_v1.go: datastore.version ForceNew. resource_openstack_compute_keypair_v2.go:
      // no UpdateContext (every argument ForceNew).
      await rewrite(
        dir,
        stack({
          openstack_db_instance_v1: { db: db({ datastore: [{ type: "mysql", version: "8.4" }] }) },
          openstack_compute_keypair_v2: { key: { name: "key-2" } },
        }),
      );
      const changes = Object.fromEntries((await plan(simulator, dir)).map((c) => [c.address, c.change]));
      expect(changes["openstack_db_instance_v1.db"]).toMatchObject({
        actions: ["delete", "create"],
        replace_paths: [["datastore", 0, "version"]],
      });
      expect(changes["openstack_compute_keypair_v2.key"]).toMatchObject({
        actions: ["delete", "create"],
        replace_paths: [["name"]],
      });
      const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color", "tfplan");
      expect(apply.stdout).toContain("Resources: 2 added, 0 changed, 2 destroyed.");
    },
  );
});

describe("the table in the launched (mirror) provider", () => {
  test("validation and replacement paths work the same when terraform starts the provider", async () => {
    const simulator = await createTestSimulator({ mode: "mirror" });
    try {
      const { diagnostics } = await validate(
        simulator,
        stack({ openstack_db_instance_v1: { db: db({ volume_type: null }) } }),
      );
      expect(diagnostics.map((d) => d.detail)).toEqual(['"size": all of `size,volume_type` must be specified']);
      const dir = await applied(simulator, stack({ openstack_compute_instance_v2: { vm: vm({ user_data: "hi" }) } }));
      expect((await simulator.cloud.list("openstack_compute_instance_v2"))[0].state.user_data).toBe(sha1("hi"));
      await rewrite(dir, stack({ openstack_compute_instance_v2: { vm: vm({ user_data: "bye" }) } }));
      const [change] = await plan(simulator, dir);
      expect(change.change.replace_paths).toEqual([["user_data"]]);
    } finally {
      await simulator.cleanup();
    }
  });
});

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}
