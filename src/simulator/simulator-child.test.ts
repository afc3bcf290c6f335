import { readdir } from "node:fs/promises";
import { dirname } from "node:path";
import { describe, expect, test } from "vitest";
import { createTestSimulator } from "../../test/helpers/simulator-harness.js";

describe("fast mode served by a child process", () => {
  test("terraform reattaches to the child for every command; Shutdown does not stop it; stop() removes its socket", async () => {
    const simulator = await createTestSimulator({ mode: "child" });
    try {
      const reattach = JSON.parse(simulator.env.TF_REATTACH_PROVIDERS) as Record<
        string,
        { Pid: number; Test: boolean; Addr: { String: string } }
      >;
      const entry = reattach["registry.terraform.io/terraform-provider-openstack/openstack"];
      expect(entry.Pid).not.toBe(process.pid);
      expect(entry.Test).toBe(true);

      const dir = await simulator.workdir({
        provider: { openstack: [{}] },
        resource: { openstack_networking_network_v2: { net: { name: "n" } } },
      });
      for (const args of [
        ["init", "-input=false"],
        ["apply", "-auto-approve"],
        ["plan", "-detailed-exitcode"],
        ["destroy", "-auto-approve"],
      ]) {
        const run = await simulator.terraform(dir, ...args, "-no-color");
        expect(run.stderr, args[0]).toBe("");
        expect(run.exitCode, args[0]).toBe(0);
      }
      expect(await simulator.cloud.list()).toEqual([]);
      const socketDir = dirname(entry.Addr.String);
      expect(await readdir(socketDir)).toContain(entry.Addr.String.split("/").pop());
      await simulator.cleanup();
      expect(() => process.kill(entry.Pid, 0)).toThrow();
    } finally {
      await simulator.cleanup();
    }
  });
});
