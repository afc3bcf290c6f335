import { describe, expect } from "vitest";
import { simulatorTest } from "../../../test/helpers/simulator-harness.js";

const PROJECT = "8d5f3a2c9b7e4f1aa0c6d2e8b4f7a9c1";

/** A container and one object in it; the object then leaves terraform's state (written by someone else, e.g. Trove). */
const config = {
  provider: { openstack: [{}] },
  resource: {
    openstack_objectstorage_container_v1: { backups: { name: "backups" } },
    openstack_objectstorage_object_v1: {
      dump: {
        container_name: "${openstack_objectstorage_container_v1.backups.name}",
        name: "dump.xbstream",
        content: "x",
      },
    },
  },
};

describe("Swift: deleting a container that holds objects", () => {
  simulatorTest(
    "is Swift's 409 without force_destroy; force_destroy deletes the objects first",
    async ({ simulator }) => {
      const dir = await simulator.workdir(config);
      expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
      expect((await simulator.terraform(dir, "apply", "-auto-approve", "-no-color")).exitCode).toBe(0);
      const forget = await simulator.terraform(dir, "state", "rm", "openstack_objectstorage_object_v1.dump");
      expect(forget.exitCode).toBe(0);
      const refused = await simulator.terraform(dir, "destroy", "-auto-approve", "-no-color");
      expect(refused.exitCode).toBe(1);
      // swift/container/server.py DELETE: HTTPConflict when the container is not empty; the provider's
      // Delete passes the 409 through CheckDeleted (resource_openstack_objectstorage_container_v1.go).
      expect(refused.stderr.replace(/\s*\n\s*/g, " ")).toContain(
        "error deleting objectstorage_container_v1 'backups' backups: Expected HTTP response code [202 204] when " +
          `accessing [DELETE https://swift.openstack.simulator:8080/v1/AUTH_${PROJECT}/backups], but got 409 instead: ` +
          "<html><h1>Conflict</h1><p>There was a conflict when trying to complete your request.</p></html>",
      );
      expect((await simulator.cloud.list()).map((r) => r.type).sort()).toEqual([
        "openstack_objectstorage_container_v1",
        "openstack_objectstorage_object_v1",
      ]);

      // The same container under force_destroy (a second configuration that imports it): destroy deletes its object.
      const forced = await simulator.workdir({
        provider: { openstack: [{}] },
        resource: { openstack_objectstorage_container_v1: { backups: { name: "backups", force_destroy: true } } },
      });
      await simulator.terraform(dir, "state", "rm", "openstack_objectstorage_container_v1.backups");
      expect((await simulator.terraform(forced, "init", "-input=false", "-no-color")).exitCode).toBe(0);
      const imported = await simulator.terraform(
        forced,
        "import",
        "-no-color",
        "openstack_objectstorage_container_v1.backups",
        "backups",
      );
      expect(imported.exitCode, imported.stderr).toBe(0);
      const apply = await simulator.terraform(forced, "apply", "-auto-approve", "-no-color");
      expect(apply.exitCode, apply.stderr).toBe(0);
      const destroy = await simulator.terraform(forced, "destroy", "-auto-approve", "-no-color");
      expect(destroy.exitCode, destroy.stderr).toBe(0);
      expect(await simulator.cloud.list()).toEqual([]);
    },
  );
});
