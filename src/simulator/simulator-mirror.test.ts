import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { createTestSimulator } from "../../test/helpers/simulator-harness.js";

describe("faithful mode: terraform installs the provider from a filesystem mirror and launches it", () => {
  test("init installs 3.4.0 from the mirror; apply, a second plan and destroy run through the go-plugin handshake with mTLS", async () => {
    const simulator = await createTestSimulator({ mode: "mirror" });
    try {
      const dir = await simulator.workdir({
        // No cloud named: a named one is resolved from clouds.yaml like the real provider (provider-auth.test.ts).
        provider: { openstack: [{}] },
        resource: {
          openstack_compute_keypair_v2: { key: { name: "ci-key" } },
          // volume_type: `size` has RequiredWith ["volume_type"] (openstack/resource_openstack_db_instance_v1.go).
          openstack_db_instance_v1: {
            db: { name: "db", size: 2, volume_type: "lvmdriver-1", datastore: [{ type: "mysql", version: "8.0" }] },
          },
        },
        output: { db_host: { value: "${openstack_db_instance_v1.db.addresses[0]}" } },
      });
      const init = await simulator.terraform(dir, "init", "-input=false", "-no-color");
      expect(init.stderr).toBe("");
      expect(init.stdout).toContain("Installing terraform-provider-openstack/openstack v3.4.0...");
      const lock = await readFile(join(dir, ".terraform.lock.hcl"), "utf8");
      expect(lock).toContain('provider "registry.terraform.io/terraform-provider-openstack/openstack"');
      expect(lock).toContain('version     = "3.4.0"');

      const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
      expect(apply.stderr).toBe("");
      expect(apply.stdout).toContain("Apply complete! Resources: 2 added");
      const outputs = JSON.parse((await simulator.terraform(dir, "output", "-json")).stdout) as Record<
        string,
        { value: string }
      >;
      expect(outputs.db_host.value).toMatch(/^10\.0\.0\.\d+$/);
      // The launched providers and this process share one cloud.
      expect((await simulator.cloud.list()).map((r) => `${r.type}/${r.id}`).sort()).toEqual([
        "openstack_compute_keypair_v2/ci-key",
        expect.stringMatching(/^openstack_db_instance_v1\/[0-9a-f-]{36}$/),
      ]);

      const plan = await simulator.terraform(dir, "plan", "-detailed-exitcode", "-no-color");
      expect(plan.exitCode).toBe(0);

      await simulator.cloud.injectFailure({
        resourceType: "openstack_db_instance_v1",
        operation: "delete",
        message: "Instance is busy",
      });
      const blocked = await simulator.terraform(dir, "destroy", "-auto-approve", "-no-color");
      expect(blocked.exitCode).toBe(1);
      expect(blocked.stderr).toContain("Instance is busy");
      await simulator.cloud.clearFailures();
      const destroy = await simulator.terraform(dir, "destroy", "-auto-approve", "-no-color");
      expect(destroy.stdout).toContain("Destroy complete!");
      expect(await simulator.cloud.list()).toEqual([]);
    } finally {
      await simulator.cleanup();
    }
  });

  test("providers launched by parallel terraform processes share one cloud consistently", async () => {
    const simulator = await createTestSimulator({ mode: "mirror" });
    try {
      await simulator.cloud.setQuotas({ instances: 2 });
      const dirs = await Promise.all(
        ["a", "b", "c"].map((name) =>
          simulator.workdir({
            provider: { openstack: [{}] },
            resource: {
              openstack_networking_port_v2: { port: { name, network_id: "private" } },
              openstack_compute_instance_v2: { vm: { name, flavor_name: "m1.tiny" } },
            },
          }),
        ),
      );
      for (const dir of dirs)
        expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
      const applies = await Promise.all(
        dirs.map((dir) => simulator.terraform(dir, "apply", "-auto-approve", "-no-color")),
      );
      expect(applies.filter((run) => run.exitCode === 0)).toHaveLength(2);
      expect(applies.filter((run) => run.stderr.includes("Quota exceeded for instances"))).toHaveLength(1);
      const ips = (await simulator.cloud.list("openstack_networking_port_v2")).map(
        (port) => (port.state.all_fixed_ips as string[])[0],
      );
      expect(ips).toHaveLength(3);
      expect(new Set(ips).size).toBe(3);
    } finally {
      await simulator.cleanup();
    }
  });
});
