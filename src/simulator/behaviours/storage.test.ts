import { describe, expect, it } from "vitest";
import { createTestSimulator } from "../../../test/helpers/simulator-harness.js";

const PROJECT = "8d5f3a2c9b7e4f1aa0c6d2e8b4f7a9c1";

describe("Swift: container versioning needs the cluster's capability", () => {
  it("without object versioning X-Versions-Enabled is ignored (a perpetual diff); without versioned writes legacy versioning is 412", async () => {
    const simulator = await createTestSimulator({
      config: { services: { swift: { objectVersioning: false, versionedWrites: false } } },
    });
    try {
      const dir = await simulator.workdir({
        provider: { openstack: [{}] },
        resource: {
          openstack_objectstorage_container_v1: {
            versioned: { name: "versioned", versioning: true },
            legacy: { name: "legacy", versioning_legacy: [{ type: "versions", location: "legacy-old" }] },
          },
        },
      });
      expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
      const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
      expect(apply.exitCode).toBe(1);
      // swift versioned_writes/legacy.py container_request: HTTPPreconditionFailed, text/plain body;
      // gophercloud containers.Create OkCodes [201 202 204].
      expect(apply.stderr).toContain(
        "Error: error creating objectstorage_container_v1: Expected HTTP response code [201 202 204] when accessing " +
          `[PUT https://swift.openstack.simulator:8080/v1/AUTH_${PROJECT}/legacy], but got 412 instead: Versioned Writes is disabled`,
      );
      // versioned_writes/__init__.py installs ObjectVersioningMiddleware only with allow_object_versioning.
      const [versioned] = await simulator.cloud.list("openstack_objectstorage_container_v1");
      expect(versioned.state.versioning).toBe(false);
      const plan = await simulator.terraform(
        dir,
        "plan",
        "-no-color",
        "-target=openstack_objectstorage_container_v1.versioned",
      );
      expect(plan.stdout).toContain("~ versioning");
    } finally {
      await simulator.cleanup();
    }
  });
});
