import { isObject } from "../block-values.js";
import { setIfUnknown, num, str, type ResourceBehaviour } from "./types.js";

/** openstack_db_instance_v1 (Trove): addresses on its networks, default flavor, volume quota. */
export const dbInstance: ResourceBehaviour = {
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
