import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { jsonLines, simulatorTest, type TestSimulator } from "../../test/helpers/simulator-harness.js";

async function applied(simulator: TestSimulator, config: Record<string, unknown>) {
  const dir = await simulator.workdir(config);
  expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
  const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
  expect(apply.stderr).toBe("");
  return dir;
}

function plannedActions(stdout: string) {
  return jsonLines(stdout)
    .filter((e) => e.type === "planned_change")
    .map((e) => e.change as { resource: { addr: string }; action: string })
    .map((c) => `${c.action} ${c.resource.addr}`);
}

describe("changes to existing resources", () => {
  simulatorTest(
    "an updatable argument changes in place; a force-new one replaces the resource",
    async ({ simulator }) => {
      // volume_type: `size` has RequiredWith ["volume_type"] (openstack/resource_openstack_db_instance_v1.go).
      const db = { name: "db", size: 5, volume_type: "lvmdriver-1", datastore: [{ type: "mysql", version: "8.0" }] };
      const dir = await applied(simulator, {
        provider: { openstack: [{}] },
        resource: {
          openstack_objectstorage_container_v1: { c: { name: "c", metadata: { v: "1" } } },
          openstack_db_instance_v1: { db },
        },
      });
      const [before] = await simulator.cloud.list("openstack_db_instance_v1");

      await writeFile(
        join(dir, "main.tf.json"),
        JSON.stringify({
          terraform: {
            required_providers: { openstack: { source: "terraform-provider-openstack/openstack", version: "3.4.0" } },
          },
          provider: { openstack: [{}] },
          resource: {
            openstack_objectstorage_container_v1: { c: { name: "c", metadata: { v: "2" } } },
            openstack_db_instance_v1: { db: { ...db, size: 10 } },
          },
        }),
      );
      const plan = await simulator.terraform(dir, "plan", "-json");
      expect(plannedActions(plan.stdout).sort()).toEqual([
        "replace openstack_db_instance_v1.db",
        "update openstack_objectstorage_container_v1.c",
      ]);

      const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
      expect(apply.stdout).toContain("Resources: 1 added, 1 changed, 1 destroyed.");
      const [container] = await simulator.cloud.list("openstack_objectstorage_container_v1");
      expect(container.state.metadata).toEqual({ v: "2" });
      const dbs = await simulator.cloud.list("openstack_db_instance_v1");
      expect(dbs).toHaveLength(1);
      expect(dbs[0].id).not.toBe(before.id);
      expect(dbs[0].state.size).toBe(10);
      expect((await simulator.terraform(dir, "plan", "-detailed-exitcode", "-no-color")).exitCode).toBe(0);
    },
  );

  simulatorTest("terraform import adopts a resource that exists in the cloud", async ({ simulator }) => {
    const config = {
      provider: { openstack: [{}] },
      resource: { openstack_networking_network_v2: { net: { name: "shared-net" } } },
    };
    await applied(simulator, config);
    const [network] = await simulator.cloud.list("openstack_networking_network_v2");

    const other = await simulator.workdir(config);
    expect((await simulator.terraform(other, "init", "-input=false", "-no-color")).exitCode).toBe(0);
    const missing = await simulator.terraform(
      other,
      "import",
      "-no-color",
      "openstack_networking_network_v2.net",
      "no-such-id",
    );
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("Cannot import non-existent remote object");
    const imported = await simulator.terraform(
      other,
      "import",
      "-no-color",
      "openstack_networking_network_v2.net",
      network.id,
    );
    expect(imported.stdout).toContain("Import successful!");
    expect((await simulator.terraform(other, "plan", "-detailed-exitcode", "-no-color")).exitCode).toBe(0);
  });

  simulatorTest("data sources read the inventory deterministically and fail on no match", async ({ simulator }) => {
    const dir = await applied(simulator, {
      provider: { openstack: [{}] },
      data: {
        openstack_images_image_v2: { cirros: { name: "cirros-0.6.2-x86_64-disk", most_recent: true } },
        openstack_compute_availability_zones_v2: { zones: {} },
        openstack_networking_network_v2: { ext: { external: true, name: "public" } },
        openstack_networking_subnet_v2: { priv: { name: "private-subnet" } },
      },
      output: {
        image: { value: "${data.openstack_images_image_v2.cirros.id}" },
        zones: { value: "${data.openstack_compute_availability_zones_v2.zones.names}" },
        ext_subnets: { value: "${data.openstack_networking_network_v2.ext.subnets}" },
        private_cidr: { value: "${data.openstack_networking_subnet_v2.priv.cidr}" },
        private_gateway: { value: "${data.openstack_networking_subnet_v2.priv.gateway_ip}" },
      },
    });
    const first = JSON.parse((await simulator.terraform(dir, "output", "-json")).stdout) as Record<
      string,
      { value: unknown }
    >;
    expect(first.image.value).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.zones.value).toEqual(["nova"]);
    expect(first.ext_subnets.value).toEqual([expect.any(String)]);
    expect(first.private_cidr.value).toBe("10.0.0.0/24");
    expect(first.private_gateway.value).toBe("10.0.0.1");
    expect((await simulator.terraform(dir, "plan", "-detailed-exitcode", "-no-color")).exitCode).toBe(0);

    const bad = await simulator.workdir({
      provider: { openstack: [{}] },
      data: { openstack_compute_flavor_v2: { f: { name: "m9.huge" } } },
    });
    await simulator.terraform(bad, "init", "-input=false", "-no-color");
    const plan = await simulator.terraform(bad, "plan", "-no-color");
    expect(plan.exitCode).toBe(1);
    expect(plan.stderr).toContain("Your query returned no results.");
  });

  simulatorTest("changing a Heat template re-evaluates the stack's outputs", async ({ simulator }) => {
    const stack = (greeting: string) => ({
      provider: { openstack: [{}] },
      resource: {
        openstack_orchestration_stack_v1: {
          s: {
            name: "s",
            environment_opts: { Bin: "\n" },
            template_opts: {
              Bin: `heat_template_version: 2018-08-31\noutputs:\n  greeting:\n    value: ${greeting}\n`,
            },
          },
        },
      },
      output: { greeting: { value: "${openstack_orchestration_stack_v1.s.outputs[0].output_value}" } },
    });
    const dir = await applied(simulator, stack("hello"));
    const read = async () =>
      (JSON.parse((await simulator.terraform(dir, "output", "-json")).stdout) as Record<string, { value: string }>)
        .greeting.value;
    expect(await read()).toBe("hello");
    const config = JSON.parse(await readFile(join(dir, "main.tf.json"), "utf8")) as Record<string, unknown>;
    await writeFile(join(dir, "main.tf.json"), JSON.stringify({ ...config, ...stack("bonjour") }));
    const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
    expect(apply.stdout).toContain("0 added, 1 changed, 0 destroyed");
    expect(await read()).toBe("bonjour");
    expect((await simulator.terraform(dir, "plan", "-detailed-exitcode", "-no-color")).exitCode).toBe(0);
  });
});
