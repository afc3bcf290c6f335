import { conformToBlock } from "./block-values.js";
import type { SimulatorConfig } from "./config-types.js";
import { fillRemaining, PROJECT_ID } from "./generic-fill.js";
import { serviceCatalog } from "./service-catalog.js";
import { deterministicUuid } from "./ids.js";
import type { TfObject } from "./msgpack-values.js";
import type { SchemaBlock } from "./schema-types.js";
import type { SimulatedCloud } from "./simulated-cloud.js";
import { SimulatedApiError } from "./api-errors.js";

const NO_RESULTS = "Your query returned no results. Please change your search criteria and try again.";

function text(config: TfObject, key: string): string | undefined {
  const value = config[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function keep(config: TfObject, values: TfObject): TfObject {
  const out: TfObject = { ...config };
  for (const [key, value] of Object.entries(values)) if (out[key] === null || out[key] === undefined) out[key] = value;
  return out;
}

type Reader = (config: TfObject, sim: SimulatorConfig, cloud: SimulatedCloud) => Promise<TfObject> | TfObject;

const READERS: Readonly<Record<string, Reader>> = {
  openstack_compute_flavor_v2(config, sim) {
    const wanted = text(config, "flavor_id") ?? text(config, "name");
    const flavor = sim.inventory.flavors.find(
      (f) => (wanted ? f.id === wanted || f.name === wanted : true) &&
        (typeof config.vcpus !== "number" || f.vcpus === config.vcpus) &&
        (typeof config.ram !== "number" || f.ram === config.ram) &&
        (typeof config.min_ram !== "number" || f.ram >= config.min_ram),
    );
    if (!flavor) throw new SimulatedApiError(`Error retrieving openstack_compute_flavor_v2: ${NO_RESULTS}`);
    return keep(config, {
      id: flavor.id, flavor_id: flavor.id, name: flavor.name, vcpus: flavor.vcpus, ram: flavor.ram, disk: flavor.disk,
      swap: 0, rx_tx_factor: 1, is_public: true, extra_specs: {}, description: "",
    });
  },
  openstack_images_image_v2(config, sim) {
    const wanted = text(config, "name") ?? text(config, "id");
    const image = sim.inventory.images.find((i) => (wanted ? i.name === wanted || i.id === wanted : true));
    if (!image) throw new SimulatedApiError(`Error retrieving openstack_images_image_v2: ${NO_RESULTS}`);
    return keep(config, {
      id: image.id, name: image.name, container_format: "bare", disk_format: "qcow2", min_disk_gb: image.minDiskGb ?? 0,
      min_ram_mb: 0, size_bytes: image.sizeBytes ?? 0, status: "active", visibility: "public", protected: false,
      checksum: deterministicUuid(`checksum:${image.id}`).replace(/-/g, ""),
    });
  },
  async openstack_networking_network_v2(config, sim, cloud) {
    const wanted = text(config, "network_id") ?? text(config, "name");
    const network = sim.inventory.networks.find((n) => (wanted ? n.id === wanted || n.name === wanted : true));
    if (network) {
      return keep(config, {
        id: network.id, network_id: network.id, name: network.name, external: network.external, subnets: [network.subnetId],
        mtu: 1500, admin_state_up: "true", shared: network.external ? "true" : "false", all_tags: [],
      });
    }
    const created = (await cloud.list("openstack_networking_network_v2")).find((r) => r.id === wanted || r.state.name === wanted);
    if (!created) throw new SimulatedApiError(`Error retrieving openstack_networking_network_v2: ${NO_RESULTS}`);
    return keep(config, { ...created.state, network_id: created.id, subnets: [] });
  },
  async openstack_networking_subnet_v2(config, sim, cloud) {
    const wanted = text(config, "subnet_id") ?? text(config, "network_id") ?? text(config, "name");
    const known = sim.inventory.networks.find((n) => !wanted || [n.subnetId, n.id, n.name, `${n.name}-subnet`].includes(wanted));
    if (known) {
      const [base, bits] = known.cidr.split("/");
      const gateway = base.replace(/\d+$/, (last) => String(Number(last) + 1));
      return keep(config, {
        id: known.subnetId, subnet_id: known.subnetId, network_id: known.id, name: `${known.name}-subnet`, cidr: known.cidr,
        gateway_ip: gateway, ip_version: 4, enable_dhcp: true, dns_nameservers: [], all_tags: [], prefix_length: Number(bits),
      });
    }
    const created = (await cloud.list("openstack_networking_subnet_v2")).find(
      (r) => r.id === wanted || r.state.name === wanted || r.state.network_id === wanted,
    );
    if (!created) throw new SimulatedApiError(`Error retrieving openstack_networking_subnet_v2: ${NO_RESULTS}`);
    return keep(config, { ...created.state, subnet_id: created.id });
  },
  openstack_identity_auth_scope_v3: (config, sim) => keep(config, {
    id: PROJECT_ID, project_id: PROJECT_ID, project_name: "demo", project_domain_id: "default", project_domain_name: "Default",
    user_id: deterministicUuid("user:broker").replace(/-/g, ""), user_name: "broker", user_domain_id: "default",
    user_domain_name: "Default", domain_id: "", domain_name: "", token_id: "", region: sim.region,
    roles: [{ role_id: deterministicUuid("role:member").replace(/-/g, ""), role_name: "member" }, { role_id: deterministicUuid("role:reader").replace(/-/g, ""), role_name: "reader" }],
    service_catalog: serviceCatalog(sim.region),
  }),
  openstack_compute_availability_zones_v2: (config, sim) => keep(config, { id: "compute-azs", names: [...sim.inventory.availabilityZones], state: "available" }),
  openstack_blockstorage_availability_zones_v3: (config, sim) => keep(config, { id: "volume-azs", names: [...sim.inventory.availabilityZones], state: "available" }),
  openstack_sharedfilesystem_availability_zones_v2: (config, sim) => keep(config, { id: "share-azs", names: [...sim.inventory.availabilityZones] }),
};

/** Converts primitive values to the attribute's declared type (e.g. "true" for a string attribute). */
function coerce(block: SchemaBlock, value: TfObject): TfObject {
  const out: TfObject = { ...value };
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    const current = out[name];
    if (current === null || typeof current === "object") continue;
    if (attribute.type === "string") out[name] = String(current);
    else if (attribute.type === "bool") out[name] = current === true || current === "true";
    else if (attribute.type === "number") out[name] = Number(current);
  }
  return out;
}

/**
 * ReadDataSource: inventory-backed lookups for flavors, images, networks and availability zones;
 * any other data source gets deterministic values derived from its configuration, so plans are stable.
 */
export async function readDataSource(type: string, block: SchemaBlock, config: TfObject, cloud: SimulatedCloud, providerRegion = ""): Promise<TfObject> {
  const sim = await cloud.config();
  const reader = READERS[type];
  const found = reader ? await reader(conformToBlock(block, config), sim, cloud) : conformToBlock(block, config);
  // GetRegion(d, config): its own region, else the provider's, "" when none (data_source_openstack_identity_auth_scope_v3.go); the catalog keeps the cloud's.
  if (type === "openstack_identity_auth_scope_v3" && (config.region === null || config.region === undefined)) found.region = providerRegion;
  const seed = `${type}:${JSON.stringify(config)}`;
  const id = typeof found.id === "string" && found.id !== "" ? found.id : deterministicUuid(seed);
  const shaped = coerce(block, conformToBlock(block, found));
  if (block.attributes?.region && shaped.region === null) shaped.region = sim.region;
  return fillRemaining(block, shaped, {
    config: sim,
    id,
    now: "2026-01-01T00:00:00Z",
    idFor: (path) => deterministicUuid(`${seed}/${path}`),
    fillNullComputed: true,
  });
}
