import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { createTestSimulator } from "./testing.js";

describe("faithful mode: terraform installs the provider from a filesystem mirror and launches it", () => {
  test("init installs 3.4.0 from the mirror; apply, a second plan and destroy run through the go-plugin handshake with mTLS", async () => {
    const simulator = await createTestSimulator({ mode: "mirror" });
    try {
      const dir = await simulator.workdir({
        provider: { openstack: [{ cloud: "openstack" }] },
        resource: {
          openstack_compute_keypair_v2: { key: { name: "ci-key" } },
          openstack_db_instance_v1: { db: { name: "db", size: 2, datastore: [{ type: "mysql", version: "8.0" }] } },
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
      const outputs = JSON.parse((await simulator.terraform(dir, "output", "-json")).stdout) as Record<string, { value: string }>;
      expect(outputs.db_host.value).toMatch(/^10\.0\.0\.\d+$/);
      // The launched providers and this process share one cloud.
      expect((await simulator.cloud.list()).map((r) => `${r.type}/${r.id}`).sort()).toEqual([
        "openstack_compute_keypair_v2/ci-key",
        expect.stringMatching(/^openstack_db_instance_v1\/[0-9a-f-]{36}$/),
      ]);

      const plan = await simulator.terraform(dir, "plan", "-detailed-exitcode", "-no-color");
      expect(plan.exitCode).toBe(0);

      await simulator.cloud.injectFailure({ resourceType: "openstack_db_instance_v1", operation: "delete", message: "Instance is busy" });
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
});
