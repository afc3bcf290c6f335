import { describe, expect } from "vitest";
import { jsonLines, simulatorTest, type TestSimulator } from "../../test/helpers/simulator-harness.js";

function instances(count: number, flavor = "m1.small") {
  const vms: Record<string, unknown> = {};
  for (let i = 0; i < count; i++)
    vms[`vm${i}`] = { name: `vm-${i}`, flavor_name: flavor, image_name: "cirros-0.6.2-x86_64-disk" };
  return {
    provider: { openstack: [{ auth_url: "https://keystone.example:5000/v3" }] },
    resource: { openstack_compute_instance_v2: vms },
  };
}

async function initialised(simulator: TestSimulator, config: Record<string, unknown>) {
  const dir = await simulator.workdir(config);
  expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
  return dir;
}

describe("the simulated cloud's behaviour reaches terraform", () => {
  simulatorTest("drift: a resource deleted out of band is planned for re-creation", async ({ simulator }) => {
    const dir = await initialised(simulator, {
      provider: { openstack: [{}] },
      resource: {
        openstack_objectstorage_container_v1: { bucket: { name: "drifting" } },
        openstack_networking_network_v2: { net: { name: "kept" } },
      },
    });
    expect((await simulator.terraform(dir, "apply", "-auto-approve", "-no-color")).exitCode).toBe(0);
    expect(await simulator.cloud.deleteOutOfBand("openstack_objectstorage_container_v1", "drifting")).toBe(true);

    const plan = await simulator.terraform(dir, "plan", "-json", "-detailed-exitcode");
    expect(plan.exitCode).toBe(2);
    const events = jsonLines(plan.stdout);
    const drift = events
      .filter((e) => e.type === "resource_drift")
      .map((e) => e.change as { resource: { addr: string }; action: string });
    expect(drift).toEqual([
      expect.objectContaining({
        resource: expect.objectContaining({ addr: "openstack_objectstorage_container_v1.bucket" }),
        action: "delete",
      }),
    ]);
    const planned = events
      .filter((e) => e.type === "planned_change")
      .map((e) => e.change as { resource: { addr: string }; action: string });
    expect(planned).toEqual([
      expect.objectContaining({
        resource: expect.objectContaining({ addr: "openstack_objectstorage_container_v1.bucket" }),
        action: "create",
      }),
    ]);
  });

  simulatorTest("quota exhaustion fails the apply with Nova's message", async ({ simulator }) => {
    await simulator.cloud.setQuotas({ instances: 2 });
    const dir = await initialised(simulator, instances(3));
    const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color", "-parallelism=1");
    expect(apply.exitCode).toBe(1);
    expect(apply.stderr).toContain("Quota exceeded for instances: Requested 1, but already used 2 of 2 instances");
    expect(apply.stderr).toContain("got 403 instead");
    expect(await simulator.cloud.list("openstack_compute_instance_v2")).toHaveLength(2);
    expect(await simulator.cloud.usage()).toMatchObject({ instances: 2, cores: 2, ram: 4096 });
  });

  simulatorTest("quota exhaustion on cores and on Cinder gigabytes", async ({ simulator }) => {
    await simulator.cloud.setQuotas({ cores: 3, gigabytes: 100 });
    const dir = await initialised(simulator, {
      ...instances(1, "m1.large"),
      resource: {
        ...instances(1, "m1.large").resource,
        openstack_blockstorage_volume_v3: { data: { name: "data", size: 500 } },
      },
    });
    const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
    expect(apply.exitCode).toBe(1);
    expect(apply.stderr).toContain("Quota exceeded for cores: Requested 4, but already used 0 of 3 cores");
    expect(apply.stderr).toContain(
      "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested 500G, quota is 100G and 0G has been consumed.",
    );
  });

  simulatorTest(
    "an injected create failure, then a delete failure, give terraform errors with the API's message",
    async ({ simulator }) => {
      const dir = await initialised(simulator, instances(1));
      await simulator.cloud.injectFailure({
        resourceType: "openstack_compute_instance_v2",
        operation: "create",
        message: "No valid host was found.",
      });
      const failed = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
      expect(failed.exitCode).toBe(1);
      expect(failed.stderr).toContain("Error creating OpenStack server");
      expect(failed.stderr).toContain("No valid host was found.");
      expect(await simulator.cloud.list()).toEqual([]);

      await simulator.cloud.clearFailures();
      expect((await simulator.terraform(dir, "apply", "-auto-approve", "-no-color")).exitCode).toBe(0);
      await simulator.cloud.injectFailure({ resourceType: "openstack_compute_instance_v2", operation: "delete" });
      const destroy = await simulator.terraform(dir, "destroy", "-auto-approve", "-no-color");
      expect(destroy.exitCode).toBe(1);
      expect(destroy.stderr).toContain("Simulated delete failure injected for openstack_compute_instance_v2");
      expect(await simulator.cloud.list("openstack_compute_instance_v2")).toHaveLength(1);
    },
  );

  simulatorTest("a failure limited to one occurrence lets the retry succeed", async ({ simulator }) => {
    const dir = await initialised(simulator, {
      provider: { openstack: [{}] },
      resource: { openstack_networking_network_v2: { net: { name: "n" } } },
    });
    await simulator.cloud.injectFailure({ resourceType: "*", operation: "create", times: 1 });
    const first = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
    expect(first.stderr).toContain("NeutronError");
    expect((await simulator.terraform(dir, "apply", "-auto-approve", "-no-color")).exitCode).toBe(0);
  });

  simulatorTest(
    "a Heat template that does not parse fails before any request, in gophercloud",
    async ({ simulator }) => {
      const dir = await initialised(simulator, {
        provider: { openstack: [{}] },
        resource: {
          openstack_orchestration_stack_v1: {
            s: { name: "s", template_opts: { Bin: "outputs: [unclosed" }, environment_opts: { Bin: "\n" } },
          },
        },
      });
      const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
      expect(apply.exitCode).toBe(1);
      // gophercloud orchestration/v1/stacks utils.go TE.Parse (ErrInvalidDataFormat), wrapped by stacks.Create.
      expect(apply.stderr).toContain(
        "Error creating openstack_orchestration_stack_v1: error creating the options map: Data in neither json nor yaml format.",
      );
      expect(apply.stderr).not.toContain("internal error");
      expect(await simulator.cloud.list()).toEqual([]);
    },
  );

  simulatorTest("booting on a network that has no subnet fails like Nova", async ({ simulator }) => {
    const dir = await initialised(simulator, {
      provider: { openstack: [{}] },
      resource: {
        openstack_networking_network_v2: { bare: { name: "bare" } },
        openstack_compute_instance_v2: {
          vm: { name: "vm", flavor_name: "m1.tiny", network: [{ uuid: "${openstack_networking_network_v2.bare.id}" }] },
        },
      },
    });
    const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
    expect(apply.exitCode).toBe(1);
    expect(apply.stderr).toContain("requires a subnet in order to boot instances on.");
    expect(await simulator.cloud.list("openstack_compute_instance_v2")).toEqual([]);
  });
});
