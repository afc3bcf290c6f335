import { describe, expect } from "vitest";
import { simulatorTest, type TestSimulator } from "../../../test/helpers/simulator-harness.js";

const PROJECT = "8d5f3a2c9b7e4f1aa0c6d2e8b4f7a9c1";
// `size` is RequiredWith `volume_type` (resource_openstack_db_instance_v1.go).
const db = (name: string, size: number) => ({
  name,
  size,
  volume_type: "__DEFAULT__",
  flavor_id: "d2",
  datastore: [{ type: "mysql", version: "8.4" }],
});

async function init(simulator: TestSimulator, config: Record<string, unknown>) {
  const dir = await simulator.workdir({ provider: { openstack: [{}] }, ...config });
  expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
  return dir;
}

describe("Trove: the service's own limits", () => {
  simulatorTest(
    "a volume above max_accepted_volume_size (default 10 GB) is refused with Trove's 413",
    async ({ simulator }) => {
      const dir = await init(simulator, { resource: { openstack_db_instance_v1: { medium: db("medium", 20) } } });
      const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
      expect(apply.exitCode).toBe(1);
      // trove/instance/models.py validate_volume_size -> VolumeQuotaExceeded (413 overLimit);
      // gophercloud db/v1/instances.Create OkCodes [200].
      expect(apply.stderr).toContain(
        "Error: Error creating openstack_db_instance_v1: Expected HTTP response code [200] when accessing " +
          `[POST https://trove.openstack.simulator:8779/v1.0/${PROJECT}/instances], but got 413 instead: ` +
          `{"overLimit": {"code": 413, "message": "Volume 'size' cannot exceed maximum of 10 GB, 20 cannot be accepted."}}`,
      );
      await simulator.cloud.setServiceRules({ trove: { maxAcceptedVolumeSize: 50 } });
      expect((await simulator.terraform(dir, "apply", "-auto-approve", "-no-color")).exitCode).toBe(0);
    },
  );

  simulatorTest(
    "the tenant's volume gigabytes (max_volumes_per_tenant, default 40) are Trove's quota",
    async ({ simulator }) => {
      const instances = Object.fromEntries(["a", "b", "c", "d", "e"].map((n) => [n, db(n, 9)]));
      const dir = await init(simulator, { resource: { openstack_db_instance_v1: instances } });
      const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color", "-parallelism=1");
      expect(apply.stderr).toContain(
        `but got 413 instead: {"overLimit": {"code": 413, "message": "Quota exceeded for resources: ['volumes']."}}`,
      );
      expect(await simulator.cloud.list("openstack_db_instance_v1")).toHaveLength(4);
    },
  );
});

describe("openstack_db_user_v1 after its instance is gone", () => {
  simulatorTest(
    "refresh is an error and so is destroy (unbind), as the provider lists the instance's users first",
    async ({ simulator }) => {
      const dir = await init(simulator, {
        resource: {
          openstack_db_instance_v1: { db: db("db", 5) },
          openstack_db_user_v1: {
            u: {
              name: "u0123456789abcde",
              password: "pw",
              instance_id: "${openstack_db_instance_v1.db.id}",
              databases: [],
            },
          },
        },
      });
      expect((await simulator.terraform(dir, "apply", "-auto-approve", "-no-color")).exitCode).toBe(0);
      const [instance] = await simulator.cloud.list("openstack_db_instance_v1");
      const [user] = await simulator.cloud.list("openstack_db_user_v1");
      // resource_openstack_db_user_v1.go: d.SetId("<instance id>/<user name>").
      expect(user.id).toBe(`${instance.id}/u0123456789abcde`);
      await simulator.cloud.deleteOutOfBand("openstack_db_instance_v1", instance.id);
      // db_user_v1.go databaseUserV1Exists -> users.List -> Trove 404 (exception.NotFound).
      const expected =
        `Error: Error checking if openstack_db_user_v1 ${user.id} exists: Expected HTTP response code [200] when accessing ` +
        `[GET https://trove.openstack.simulator:8779/v1.0/${PROJECT}/instances/${instance.id}/users], but got 404 instead: ` +
        `{"itemNotFound": {"code": 404, "message": "Resource ${instance.id} cannot be found."}}`;
      const plan = await simulator.terraform(dir, "plan", "-no-color");
      expect(plan.exitCode).toBe(1);
      expect(plan.stderr).toContain(expected);
      const destroy = await simulator.terraform(
        dir,
        "destroy",
        "-auto-approve",
        "-refresh=false",
        "-target=openstack_db_user_v1.u",
        "-no-color",
      );
      expect(destroy.exitCode).toBe(1);
      expect(destroy.stderr).toContain(expected);
    },
  );
});
