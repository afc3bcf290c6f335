import { describe, expect } from "vitest";
import { simulatorTest, type TestSimulator } from "../../../test/helpers/simulator-harness.js";

async function init(simulator: TestSimulator, resource: Record<string, unknown>) {
  const dir = await simulator.workdir({ provider: { openstack: [{}] }, resource });
  expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
  return dir;
}

describe("Octavia: the VIP network needs a subnet", () => {
  simulatorTest(
    "a load balancer on a network without a subnet is refused; with one it gets its VIP there",
    async ({ simulator }) => {
      const network = { openstack_networking_network_v2: { net: { name: "lb-net" } } };
      const lb = {
        openstack_lb_loadbalancer_v2: {
          lb: { name: "lb", vip_network_id: "${openstack_networking_network_v2.net.id}" },
        },
      };
      const bare = await init(simulator, { ...network, ...lb });
      const apply = await simulator.terraform(bare, "apply", "-auto-approve", "-no-color");
      expect(apply.exitCode).toBe(1);
      // octavia load_balancer.py _validate_vip_request_object; gophercloud loadbalancers.Create [201 202].
      expect(apply.stderr).toContain(
        "Error: Error creating openstack_lb_loadbalancer_v2: Expected HTTP response code [201 202] when accessing " +
          "[POST https://octavia.openstack.simulator:9876/v2.0/lbaas/loadbalancers], but got 400 instead: " +
          '{"faultcode": "Client", "faultstring": "Validation failure: Supplied network does not contain a subnet.", "debuginfo": null}',
      );
      const withSubnet = await init(simulator, {
        openstack_networking_network_v2: { net: { name: "lb-net-2" } },
        openstack_networking_subnet_v2: {
          sub: { network_id: "${openstack_networking_network_v2.net.id}", cidr: "172.16.9.0/24" },
        },
        openstack_lb_loadbalancer_v2: {
          lb: {
            name: "lb",
            vip_network_id: "${openstack_networking_network_v2.net.id}",
            depends_on: ["openstack_networking_subnet_v2.sub"],
          },
        },
      });
      expect((await simulator.terraform(withSubnet, "apply", "-auto-approve", "-no-color")).exitCode).toBe(0);
      const [balancer] = await simulator.cloud.list("openstack_lb_loadbalancer_v2");
      expect(balancer.state.vip_address).toMatch(/^172\.16\.9\.\d+$/);
    },
  );
});

describe("Manila: share types that handle share servers need a share network", () => {
  simulatorTest(
    "driver_handles_share_servers=True without share_network_id is Manila's 400; an unknown type its 404",
    async ({ simulator }) => {
      const dir = await init(simulator, {
        openstack_sharedfilesystem_share_v2: {
          dhss: { name: "dhss", share_proto: "NFS", size: 1, share_type: "dhss_true" },
          unknown: { name: "unknown", share_proto: "NFS", size: 1, share_type: "gold" },
          plain: { name: "plain", share_proto: "CEPHFS", size: 1 },
        },
        openstack_sharedfilesystem_share_access_v2: {
          cephx: {
            share_id: "${openstack_sharedfilesystem_share_v2.plain.id}",
            access_type: "cephx",
            access_to: "app",
            access_level: "rw",
          },
          ip: {
            share_id: "${openstack_sharedfilesystem_share_v2.plain.id}",
            access_type: "ip",
            access_to: "10.0.0.0/24",
            access_level: "rw",
          },
        },
      });
      const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
      expect(apply.exitCode).toBe(1);
      // manila/api/v2/shares.py _create; resource_openstack_sharedfilesystem_share_v2.go prints the details.
      expect(apply.stderr).toContain(
        "Error: Error creating share: badRequest (400): Share network must be set when the driver_handles_share_servers is true.",
      );
      expect(apply.stderr).toContain("Error: Error creating share: itemNotFound (404): Share type not found.");
      // No share_type: Manila's default share type (driver_handles_share_servers=False in the inventory).
      const shares = await simulator.cloud.list("openstack_sharedfilesystem_share_v2");
      expect(shares.map((s) => [s.state.name, s.state.share_type])).toEqual([["plain", "default"]]);
      // A cephx rule gets a Ceph secret (base64, "AQ" for key type 1); an ip rule no key.
      const state = JSON.parse((await simulator.terraform(dir, "show", "-json")).stdout) as {
        values: { root_module: { resources: { type: string; values: Record<string, string> }[] } };
      };
      const keys = Object.fromEntries(
        state.values.root_module.resources
          .filter((r) => r.type === "openstack_sharedfilesystem_share_access_v2")
          .map((r) => [r.values.access_type, r.values.access_key]),
      );
      expect(keys.cephx).toMatch(/^AQ[A-Za-z0-9+/]{36}==$/);
      expect(keys.ip).toBe("");
    },
  );
});
