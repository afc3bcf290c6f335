import { isObject } from "../block-values.js";
import type { InventoryFlavor, SimulatorConfig } from "../config-types.js";
import { macAddress } from "../ids.js";
import type { TfObject } from "../msgpack-values.js";
import { generateKeypair, sshFingerprint } from "../ssh-keys.js";
import { setIfUnknown, str, type ResourceBehaviour } from "./types.js";

/** The inventory flavor named by id or name (falls back to the first flavor). */
export function flavorOf(state: TfObject, config: SimulatorConfig): InventoryFlavor | undefined {
  const id = str(state, "flavor_id");
  const name = str(state, "flavor_name");
  const flavors = config.inventory.flavors;
  return flavors.find((f) => f.id === id || f.name === id) ?? flavors.find((f) => f.name === name) ?? (id || name ? undefined : flavors[0]);
}

/** openstack_compute_instance_v2: flavor/image resolution, fixed IPs per network, Nova quotas. */
export const computeInstance: ResourceBehaviour = {
  quota(state, config) {
    const flavor = flavorOf(state, config);
    return { instances: 1, cores: flavor?.vcpus ?? 1, ram: flavor?.ram ?? 512 };
  },
  async fill(state, context) {
    const { config } = context;
    const flavor = flavorOf(state, config);
    setIfUnknown(state, "flavor_id", flavor?.id ?? "");
    setIfUnknown(state, "flavor_name", flavor?.name ?? "");
    const imageKey = str(state, "image_id") ?? str(state, "image_name");
    const image = config.inventory.images.find((i) => i.id === imageKey || i.name === imageKey);
    setIfUnknown(state, "image_id", image?.id ?? imageKey ?? "");
    setIfUnknown(state, "image_name", image?.name ?? imageKey ?? "");
    setIfUnknown(state, "availability_zone", config.inventory.availabilityZones[0] ?? "nova");
    setIfUnknown(state, "hypervisor_hostname", `compute-${context.id.slice(0, 8)}.simulator`);
    setIfUnknown(state, "security_groups", ["default"]);
    setIfUnknown(state, "all_metadata", isObject(state.metadata) ? state.metadata : {});
    setIfUnknown(state, "all_tags", Array.isArray(state.tags) ? state.tags : []);
    setIfUnknown(state, "created", context.now);
    setIfUnknown(state, "updated", context.now);
    const networks = Array.isArray(state.network) ? state.network.filter(isObject) : [];
    let first: string | undefined;
    for (const [index, network] of networks.entries()) {
      const named = config.inventory.networks.find((n) => n.name === str(network, "name") || n.id === str(network, "uuid"));
      const uuid = str(network, "uuid") ?? named?.id ?? context.uuid();
      await context.requireSubnet(uuid);
      const cidr = (str(network, "uuid") ? await context.cidrOf(uuid) : undefined) ?? named?.cidr ?? config.defaultFixedCidr;
      setIfUnknown(network, "uuid", uuid);
      setIfUnknown(network, "name", named?.name ?? str(network, "name") ?? `network-${index}`);
      setIfUnknown(network, "port", context.uuid());
      setIfUnknown(network, "mac", macAddress(`${context.id}/${index}`));
      setIfUnknown(network, "fixed_ip_v4", await context.allocateIp(cidr));
      setIfUnknown(network, "fixed_ip_v6", "");
      first ??= str(network, "fixed_ip_v4");
    }
    setIfUnknown(state, "access_ip_v4", first ?? (await context.allocateIp(config.defaultFixedCidr)));
    setIfUnknown(state, "access_ip_v6", "");
  },
};

/** openstack_compute_keypair_v2: id = name; generates a key when no public_key is given. */
export const computeKeypair: ResourceBehaviour = {
  id: (state) => str(state, "name"),
  fill(state) {
    const given = str(state, "public_key");
    if (given) {
      setIfUnknown(state, "fingerprint", sshFingerprint(given));
      setIfUnknown(state, "private_key", "");
      return;
    }
    const generated = generateKeypair(`Generated-by-Nova`);
    setIfUnknown(state, "public_key", generated.publicKey);
    setIfUnknown(state, "private_key", generated.privateKey);
    setIfUnknown(state, "fingerprint", generated.fingerprint);
  },
};
