import { describe, expect } from "vitest";
import { simulatorTest } from "../../test/helpers/simulator-harness.js";

function instanceStack(name: string) {
  return {
    provider: { openstack: [{ cloud: "simulated" }] },
    resource: {
      openstack_networking_port_v2: { port: { name: `${name}-port`, network_id: "private" } },
      openstack_compute_instance_v2: { vm: { name, flavor_name: "m1.tiny", image_name: "cirros-0.6.2-x86_64-disk" } },
    },
    output: { ip: { value: "${openstack_networking_port_v2.port.all_fixed_ips[0]}" } },
  };
}

describe("one simulator serves several terraform processes at once", () => {
  simulatorTest("parallel applies share quotas and addresses consistently", async ({ simulator }) => {
    await simulator.cloud.setQuotas({ instances: 3 });
    const names = ["a", "b", "c", "d", "e"];
    const dirs = await Promise.all(names.map((name) => simulator.workdir(instanceStack(name))));
    await Promise.all(dirs.map((dir) => simulator.terraform(dir, "init", "-input=false", "-no-color")));
    const applies = await Promise.all(
      dirs.map((dir) => simulator.terraform(dir, "apply", "-auto-approve", "-no-color")),
    );

    const succeeded = applies.filter((run) => run.exitCode === 0);
    const failed = applies.filter((run) => run.exitCode !== 0);
    expect(succeeded).toHaveLength(3);
    expect(failed).toHaveLength(2);
    for (const run of failed) expect(run.stderr).toContain("Quota exceeded for instances");
    expect(await simulator.cloud.list("openstack_compute_instance_v2")).toHaveLength(3);

    const ports = await simulator.cloud.list("openstack_networking_port_v2");
    expect(ports).toHaveLength(5);
    const ips = ports.map((port) => (port.state.all_fixed_ips as string[])[0]);
    expect(new Set(ips).size).toBe(5);
    for (const ip of ips) expect(ip).toMatch(/^10\.0\.0\.\d+$/);
  });
});
