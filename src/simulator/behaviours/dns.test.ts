import { describe, expect, it } from "vitest";
import { createTestSimulator, simulatorTest } from "../../../test/helpers/simulator-harness.js";

const SECONDARY = {
  provider: { openstack: [{}] },
  resource: { openstack_dns_zone_v2: { zone: { name: "example.org.", type: "SECONDARY", masters: ["192.0.2.53"] } } },
};

describe("Designate: a SECONDARY zone is PENDING until its first zone transfer", () => {
  simulatorTest(
    "masters that answer: the zone becomes ACTIVE and the create succeeds (the default)",
    async ({ simulator }) => {
      const dir = await simulator.workdir(SECONDARY);
      expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
      expect((await simulator.terraform(dir, "apply", "-auto-approve", "-no-color")).stderr).toBe("");
    },
  );

  it("masters that never answer: the provider's wait for ACTIVE times out, the zone stays and the retry gets 409", async () => {
    const simulator = await createTestSimulator({
      config: { services: { designate: { secondaryMastersAnswer: false } } },
    });
    try {
      const dir = await simulator.workdir(SECONDARY);
      expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
      const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
      expect(apply.exitCode).toBe(1);
      // resource_openstack_dns_zone_v2.go: StateChangeConf Target ACTIVE / Pending PENDING for the
      // create timeout (10m), d.SetId only afterwards; the SDK's TimeoutError text.
      expect(apply.stderr).toContain(
        "Error: Error waiting for openstack_dns_zone_v2  to become active: timeout while waiting for state to become 'ACTIVE' (last state: 'PENDING', timeout: 10m0s)",
      );
      expect(await simulator.cloud.list("openstack_dns_zone_v2")).toHaveLength(1);
      // Upstream #1111: terraform holds nothing, Designate holds the zone.
      const again = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
      expect(again.stderr).toContain(
        "Error: Error creating openstack_dns_zone_v2: Expected HTTP response code [201 202] when accessing " +
          '[POST https://designate.openstack.simulator:9001/v2/zones], but got 409 instead: {"code": 409, "type": "duplicate_zone", "message": "Duplicate Zone"',
      );
      // disable_status_check skips the wait: the create succeeds with the zone still PENDING.
      const unchecked = await simulator.workdir({
        ...SECONDARY,
        resource: {
          openstack_dns_zone_v2: {
            zone: { name: "example.net.", type: "SECONDARY", masters: ["192.0.2.53"], disable_status_check: true },
          },
        },
      });
      expect((await simulator.terraform(unchecked, "init", "-input=false", "-no-color")).exitCode).toBe(0);
      expect((await simulator.terraform(unchecked, "apply", "-auto-approve", "-no-color")).exitCode).toBe(0);
    } finally {
      await simulator.cleanup();
    }
  });
});
