import { SimulatedApiError } from "../api-errors.js";
import { isObject } from "../block-values.js";
import type { TfObject } from "../msgpack-values.js";
import { unexpectedResponse } from "../service-errors.js";
import { setIfUnknown, num, str, type CheckContext, type ResourceBehaviour } from "./types.js";

const INSTANCE = "openstack_db_instance_v1";

function troveOverLimit(message: string): SimulatedApiError {
  // resource_openstack_db_instance_v1.go: "Error creating openstack_db_instance_v1: %s";
  // gophercloud db/v1/instances Create: OkCodes [200]; Trove's fault body for 413 is "overLimit".
  return new SimulatedApiError(
    `Error creating ${INSTANCE}: ${unexpectedResponse({
      method: "POST",
      service: "database",
      path: "/instances",
      expected: [200],
      status: 413,
      body: { overLimit: { code: 413, message } },
    })}`,
  );
}

/**
 * Trove's own limits on create (trove/instance/models.py, trove/quota): `max_accepted_volume_size`
 * ("Volume 'size' cannot exceed maximum of %d GB, %s cannot be accepted."), then the tenant's
 * `max_instances_per_tenant` and `max_volumes_per_tenant` (GB) quotas.
 */
async function checkTroveLimits(state: TfObject, context: CheckContext): Promise<void> {
  if (context.operation !== "create") return;
  const limits = context.config.services.trove;
  const size = typeof state.size === "number" ? state.size : 0;
  if (size > limits.maxAcceptedVolumeSize) {
    throw troveOverLimit(
      `Volume 'size' cannot exceed maximum of ${limits.maxAcceptedVolumeSize} GB, ${size} cannot be accepted.`,
    );
  }
  const existing = await context.store.list(INSTANCE);
  if (limits.maxInstancesPerTenant >= 0 && existing.length + 1 > limits.maxInstancesPerTenant) {
    throw troveOverLimit("Quota exceeded for resources: ['instances'].");
  }
  const used = existing.reduce((sum, r) => sum + (typeof r.state.size === "number" ? r.state.size : 0), 0);
  if (limits.maxVolumesPerTenant >= 0 && used + size > limits.maxVolumesPerTenant) {
    throw troveOverLimit("Quota exceeded for resources: ['volumes'].");
  }
}

/** openstack_db_instance_v1 (Trove): limits, addresses on its networks, default flavor, volume quota. */
export const dbInstance: ResourceBehaviour = {
  check: checkTroveLimits,
  quota(state) {
    return { instances: 1, volumes: 1, gigabytes: num(state, "size") ?? 1 };
  },
  async fill(state, context) {
    const { config } = context;
    const flavor = config.inventory.flavors.find((f) => f.name.startsWith("db.")) ?? config.inventory.flavors[0];
    setIfUnknown(state, "flavor_id", flavor?.id ?? "");
    const networks = Array.isArray(state.network) ? state.network.filter(isObject) : [];
    const addresses: string[] = [];
    for (const network of networks) {
      await context.requireSubnet(str(network, "uuid") ?? "");
      const given = str(network, "fixed_ip_v4");
      const cidr = (await context.cidrOf(str(network, "uuid") ?? "")) ?? config.defaultFixedCidr;
      addresses.push(given ?? (await context.allocateIp(cidr)));
    }
    if (addresses.length === 0) addresses.push(await context.allocateIp(config.defaultFixedCidr));
    setIfUnknown(state, "addresses", addresses);
  },
};

/** The instance of a db_user/db_database: `instance_id`, or the id's `<instance>/<name>` prefix. */
function instanceIdOf(state: Record<string, unknown>): string {
  return (typeof state.instance_id === "string" && state.instance_id) || String(state.id ?? "").split("/")[0];
}

/**
 * openstack_db_user_v1: id `<instance id>/<name>` (resource_openstack_db_user_v1.go). Read and
 * Delete first list the instance's users (db_user_v1.go `databaseUserV1Exists`); when the instance
 * is gone Trove answers 404 ("Resource %(uuid)s cannot be found.", trove/common/exception.py
 * NotFound) and both fail with "Error checking if openstack_db_user_v1 <id> exists: ..." — so a
 * refresh errors and a destroy (unbind) fails.
 */
export const dbUser: ResourceBehaviour = {
  id: (state) =>
    str(state, "instance_id") && str(state, "name") ? `${str(state, "instance_id")}/${str(state, "name")}` : undefined,
  async check(state, context) {
    const instance = instanceIdOf(state);
    if (await context.store.get(INSTANCE, instance)) return;
    const verb = context.operation === "create" ? "creating" : "checking";
    if (verb === "creating") {
      throw new SimulatedApiError(
        `Error creating openstack_db_user_v1: ${unexpectedResponse({
          method: "POST",
          service: "database",
          path: `/instances/${instance}/users`,
          expected: [201, 202],
          status: 404,
          body: { itemNotFound: { code: 404, message: `Resource ${instance} cannot be found.` } },
        })}`,
      );
    }
    throw new SimulatedApiError(
      `Error checking if openstack_db_user_v1 ${String(state.id)} exists: ${unexpectedResponse({
        method: "GET",
        service: "database",
        path: `/instances/${instance}/users`,
        expected: [200],
        status: 404,
        body: { itemNotFound: { code: 404, message: `Resource ${instance} cannot be found.` } },
      })}`,
    );
  },
  fill(state) {
    setIfUnknown(state, "databases", []);
  },
};

/** openstack_db_database_v1: id `<instance id>/<name>` (resource_openstack_db_database_v1.go). */
export const dbDatabase: ResourceBehaviour = {
  id: (state) =>
    str(state, "instance_id") && str(state, "name") ? `${str(state, "instance_id")}/${str(state, "name")}` : undefined,
};
