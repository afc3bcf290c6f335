import { SimulatedApiError } from "../api-errors.js";
import { isObject } from "../block-values.js";
import type { InventoryFlavor, SimulatorConfig } from "../config-types.js";
import { macAddress } from "../ids.js";
import type { TfObject } from "../msgpack-values.js";
import { unexpectedResponse } from "../service-errors.js";
import { ipVersionOf } from "../ip-math.js";
import { neutronNetworks, neutronSubnets } from "../neutron-view.js";
import { generateKeypair, sshFingerprint } from "../ssh-keys.js";
import { setIfUnknown, str, type CheckContext, type ResourceBehaviour } from "./types.js";

/** The inventory flavor named by id or name (falls back to the first flavor). */
export function flavorOf(state: TfObject, config: SimulatorConfig): InventoryFlavor | undefined {
  const id = str(state, "flavor_id");
  const name = str(state, "flavor_name");
  const flavors = config.inventory.flavors;
  return (
    flavors.find((f) => f.id === id || f.name === id) ??
    flavors.find((f) => f.name === name) ??
    (id || name ? undefined : flavors[0])
  );
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
    setIfUnknown(state, "created", context.now);
    setIfUnknown(state, "updated", context.now);
    const networks = Array.isArray(state.network) ? state.network.filter(isObject) : [];
    const neutron = await neutronNetworks(config, context.store);
    const ports = await context.store.list("openstack_networking_port_v2");
    const subnets = await neutronSubnets(config, context.store);
    let access4: string | undefined;
    let access6: string | undefined;
    for (const [index, network] of networks.entries()) {
      // getAllInstanceNetworks (compute_instance_v2.go): uuid and name as given; else a port's
      // network, the network by id or by name, exactly one of Neutron's list.
      const portId = str(network, "port");
      const port = portId ? ports.find((p) => p.id === portId) : undefined;
      const lookup = (message: string) =>
        new SimulatedApiError(`Error trying to get network information from the Network API: ${message}`);
      if (portId && !port) throw lookup(`Could not find any matching port for port ${portId}`);
      const [queryType, queryTerm] = port
        ? ["id", str(port.state, "network_id")]
        : str(network, "uuid")
          ? ["id", str(network, "uuid")]
          : ["name", str(network, "name")];
      const matches =
        str(network, "uuid") && str(network, "name")
          ? []
          : neutron.filter((n) => (queryType === "id" ? n.id : n.name) === queryTerm);
      if (!(str(network, "uuid") && str(network, "name"))) {
        if (matches.length === 0)
          throw lookup(`Could not find any matching network for ${queryType} ${queryTerm ?? ""}`);
        if (matches.length > 1) throw lookup(`More than one network found for ${queryType} ${queryTerm ?? ""}`);
      }
      const uuid = str(network, "uuid") ?? String(matches[0].id);
      await context.requireSubnet(uuid);
      // Nova's port gets an address of each IP version the network has a subnet of (the port's own, if given).
      const portIps =
        port && Array.isArray(port.state.all_fixed_ips)
          ? port.state.all_fixed_ips.filter((ip): ip is string => typeof ip === "string")
          : [];
      const own = subnets.filter((s) => s.network_id === uuid && typeof s.cidr === "string").map((s) => String(s.cidr));
      const v4 =
        own.find((cidr) => ipVersionOf(cidr) === 4) ?? (own.length === 0 ? config.defaultFixedCidr : undefined);
      const v6 = own.find((cidr) => ipVersionOf(cidr) === 6);
      const address = async (cidr: string | undefined, version: 4 | 6) =>
        portIps.find((ip) => ipVersionOf(ip) === version) ?? (port || !cidr ? "" : await context.allocateIp(cidr));
      setIfUnknown(network, "uuid", uuid);
      setIfUnknown(network, "name", String(matches[0]?.name ?? ""));
      setIfUnknown(network, "port", port?.id ?? "");
      setIfUnknown(network, "mac", (port && str(port.state, "mac_address")) ?? macAddress(`${context.id}/${index}`));
      setIfUnknown(network, "fixed_ip_v4", await address(v4, 4));
      setIfUnknown(network, "fixed_ip_v6", await address(v6, 6));
      // getInstanceAccessAddresses: the first address of each version, unless an access_network has one.
      const fixed4 = str(network, "fixed_ip_v4");
      const fixed6 = str(network, "fixed_ip_v6");
      if (fixed4 && (access4 === undefined || network.access_network === true)) access4 = fixed4;
      if (fixed6 && (access6 === undefined || network.access_network === true)) access6 = fixed6;
    }
    // No network block: Nova boots on the project's network (modelled as the default fixed range).
    setIfUnknown(
      state,
      "access_ip_v4",
      access4 ?? (networks.length === 0 ? await context.allocateIp(config.defaultFixedCidr) : ""),
    );
    setIfUnknown(state, "access_ip_v6", access6 ?? "");
  },
};

function microversion(text: string): [number, number] {
  const [major, minor] = text.split(".").map(Number);
  return [major || 0, minor || 0];
}

function atLeast(version: string, than: string): boolean {
  const [a, b] = microversion(version);
  const [c, d] = microversion(than);
  return a > c || (a === c && b >= d);
}

const LETTERS_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * Nova's keypair rules for the microversion the provider sends (compute_keypair_v2.go: none, i.e.
 * 2.1, or 2.10 when `user_id` is set): names of `_- ` + letters + digits below 2.92, `@._- ` too
 * from 2.92 (nova/api/validation validators `_validate_keypair_name`, schemas/keypairs.py
 * `create_v292`, which also requires `public_key`); a name already taken is 409; a microversion
 * above the cloud's maximum is 406.
 */
async function checkKeypair(state: TfObject, context: CheckContext): Promise<void> {
  if (context.operation !== "create") return;
  const name = str(state, "name") ?? "";
  const nova = context.config.services.nova;
  const requested = nova.keypairMicroversion ?? (str(state, "user_id") ? "2.10" : "2.1");
  const fail = (status: number, body: unknown) =>
    new SimulatedApiError(
      `Unable to create openstack_compute_keypair_v2 ${name}: ${unexpectedResponse({
        method: "POST",
        service: "compute",
        path: "/os-keypairs",
        expected: [200, 201],
        status,
        body,
      })}`,
    );
  if (!atLeast(nova.maxMicroversion, requested)) {
    const message = `Version ${requested} is not supported by the API. Minimum is 2.1 and maximum is ${nova.maxMicroversion}.`;
    throw fail(406, { computeFault: { code: 406, message } });
  }
  const safe = `${atLeast(requested, "2.92") ? "@." : ""}_- ${LETTERS_DIGITS}`;
  if ([...name].some((c) => !safe.includes(c))) {
    const message = `An invalid 'name' value was provided. The name must be: Only expected characters: [${safe}]`;
    throw fail(400, { badRequest: { code: 400, message } });
  }
  if (atLeast(requested, "2.92") && !str(state, "public_key")) {
    throw fail(400, {
      badRequest: {
        code: 400,
        message:
          "Invalid input for field/attribute keypair. Value: {'name': '" +
          name +
          "'}. 'public_key' is a required property",
      },
    });
  }
  if (await context.store.get("openstack_compute_keypair_v2", name)) {
    throw fail(409, { conflictingRequest: { code: 409, message: `Key pair '${name}' already exists.` } });
  }
}

/**
 * openstack_compute_keypair_v2: id = name; without `public_key` Nova generates an RSA key (PEM
 * private key). `user_id` stays "" unless configured (the provider reads it back only when set).
 */
export const computeKeypair: ResourceBehaviour = {
  id: (state) => str(state, "name"),
  check: checkKeypair,
  async fill(state) {
    setIfUnknown(state, "user_id", "");
    const given = str(state, "public_key");
    if (given) {
      setIfUnknown(state, "fingerprint", sshFingerprint(given));
      setIfUnknown(state, "private_key", "");
      return;
    }
    const generated = await generateKeypair();
    setIfUnknown(state, "public_key", generated.publicKey);
    setIfUnknown(state, "private_key", generated.privateKey);
    setIfUnknown(state, "fingerprint", generated.fingerprint);
  },
};

/**
 * openstack_compute_flavor_v2: Nova uses the given `flavor_id` as the flavor's id (else a UUID);
 * Read stores it back as flavor_id (resource_openstack_compute_flavor_v2.go: d.Set("flavor_id", fl.ID)).
 */
export const computeFlavor: ResourceBehaviour = {
  id: (state) => str(state, "flavor_id"),
  fill(state, context) {
    setIfUnknown(state, "flavor_id", context.id);
    setIfUnknown(state, "extra_specs", {});
  },
};
