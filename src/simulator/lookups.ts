/**
 * The name lookups the stacks use, with the provider's own result handling: zero matches and
 * several matches fail with its messages (data_source_openstack_*.go). The inventory may hold
 * duplicate names to exercise them.
 */
import { SimulatedApiError } from "./api-errors.js";
import type { SimulatorConfig } from "./config-types.js";
import type { TfObject } from "./msgpack-values.js";
import { unexpectedResponse } from "./service-errors.js";
import type { SimulatedCloud } from "./simulated-cloud.js";

/** Reads one data source from its (schema-shaped) configuration. */
export type LookupReader = (config: TfObject, sim: SimulatorConfig, cloud: SimulatedCloud) => Promise<TfObject> | TfObject;

const NO_RESULTS = "Your query returned no results. Please change your search criteria and try again.";

function text(config: TfObject, key: string): string | undefined {
  const value = config[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A number the configuration sets to something other than 0 (the provider's `d.GetOk`). */
function setNumber(config: TfObject, key: string): number | undefined {
  const value = config[key];
  return typeof value === "number" && value !== 0 ? value : undefined;
}

/** Exactly one match, or the provider's error. */
function one<T>(matches: readonly T[], many: string, none = NO_RESULTS): T {
  if (matches.length < 1) throw new SimulatedApiError(none);
  if (matches.length > 1) throw new SimulatedApiError(many);
  return matches[0];
}

/** The config's values win over the found ones (arguments keep what the user wrote). */
export function keep(config: TfObject, values: TfObject): TfObject {
  const out: TfObject = { ...config };
  for (const [key, value] of Object.entries(values)) if (out[key] === null || out[key] === undefined) out[key] = value;
  return out;
}

/**
 * openstack_compute_flavor_v2: `flavor_id` is a GET by id (404: "No Flavor found"); otherwise the
 * list (min_disk/min_ram server side), then exact filters on name, description, ram, vcpus, disk,
 * swap, rx_tx_factor.
 */
const flavor: LookupReader = (config, sim) => {
  const id = text(config, "flavor_id");
  let flavors = sim.inventory.flavors.filter((f) => (config.is_public === null || config.is_public === undefined) || (f.isPublic ?? true) === config.is_public);
  if (id) {
    flavors = sim.inventory.flavors.filter((f) => f.id === id);
    if (flavors.length === 0) throw new SimulatedApiError("No Flavor found");
  } else {
    flavors = flavors.filter((f) => f.disk >= (setNumber(config, "min_disk") ?? 0) && f.ram >= (setNumber(config, "min_ram") ?? 0));
  }
  const name = text(config, "name");
  const wanted = { ram: setNumber(config, "ram"), vcpus: setNumber(config, "vcpus"), disk: setNumber(config, "disk"), swap: setNumber(config, "swap") };
  const found = one(flavors.filter((f) => (!name || f.name === name) && !text(config, "description") &&
    (wanted.ram === undefined || f.ram === wanted.ram) && (wanted.vcpus === undefined || f.vcpus === wanted.vcpus) &&
    (wanted.disk === undefined || f.disk === wanted.disk) && (wanted.swap === undefined || (f.swap ?? 0) === wanted.swap) &&
    (setNumber(config, "rx_tx_factor") === undefined || setNumber(config, "rx_tx_factor") === 1)),
  "Your query returned more than one result. Please try a more specific search criteria");
  return keep(config, {
    id: found.id, flavor_id: found.id, name: found.name, vcpus: found.vcpus, ram: found.ram, disk: found.disk,
    swap: found.swap ?? 0, rx_tx_factor: 1, is_public: found.isPublic ?? true, extra_specs: {}, description: "",
  });
};

/**
 * openstack_images_image_v2: Glance's list (exact `name`, `visibility`, active only), `name_regex`,
 * then one image, or the newest by `created_at` with `most_recent` (images_image_v2.go `mostRecentImage`).
 */
const image: LookupReader = (config, sim) => {
  const name = text(config, "name");
  const visibility = text(config, "visibility");
  const regex = text(config, "name_regex");
  let images = sim.inventory.images.filter((i) => (!name || i.name === name) &&
    (visibility ? (i.visibility ?? "public") === visibility : (i.visibility ?? "public") !== "community") &&
    (!regex || new RegExp(regex).test(i.name)));
  const created = (i: { createdAt?: string }) => Math.floor(Date.parse(i.createdAt ?? "2025-01-01T00:00:00Z") / 1000);
  if (images.length > 1 && config.most_recent === true) images = [[...images].sort((a, b) => created(a) - created(b)).at(-1)!];
  const found = one(images, "Your query returned more than one result. Please try a more specific search criteria, or set `most_recent` attribute to true.");
  const createdAt = new Date(created(found) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return keep(config, {
    id: found.id, name: found.name, container_format: "bare", disk_format: "qcow2", min_disk_gb: found.minDiskGb ?? 0,
    min_ram_mb: 0, size_bytes: found.sizeBytes ?? 0, status: "active", visibility: found.visibility ?? "public", protected: false,
    created_at: createdAt, updated_at: createdAt,
  });
};

/** Neutron's network list filters (id, name, status, external, mtu), then `matching_subnet_cidr`. */
const network: LookupReader = async (config, sim, cloud) => {
  const created = await cloud.list("openstack_networking_network_v2");
  const subnets = await cloud.list("openstack_networking_subnet_v2");
  const candidates: TfObject[] = [
    ...sim.inventory.networks.map((n) => ({
      id: n.id, name: n.name, external: n.external, subnets: n.subnetId ? [n.subnetId] : [], cidrs: n.subnetId ? [n.cidr] : [],
      mtu: 1500, admin_state_up: "true", shared: n.external ? "true" : "false", status: "ACTIVE", all_tags: [],
    })),
    ...created.map((r) => {
      const own = subnets.filter((s) => s.state.network_id === r.id);
      return { ...r.state, id: r.id, status: "ACTIVE", subnets: own.map((s) => s.id), cidrs: own.map((s) => String(s.state.cidr)) };
    }),
  ];
  const cidr = text(config, "matching_subnet_cidr");
  const found = one(candidates.filter((n) =>
    (!text(config, "network_id") || n.id === text(config, "network_id")) && (!text(config, "name") || n.name === text(config, "name")) &&
    (!text(config, "status") || n.status === text(config, "status")) &&
    (typeof config.external !== "boolean" || n.external === config.external) &&
    (setNumber(config, "mtu") === undefined || n.mtu === setNumber(config, "mtu")) &&
    (!cidr || (n.cidrs as string[]).includes(cidr))),
  "Your query returned more than one result. Please try a more specific search criteria");
  const { cidrs: _cidrs, ...network } = found;
  return keep(config, { ...network, network_id: found.id });
};

/** Neutron's subnet list filters (subnet_id, network_id, name, cidr, ip_version, gateway_ip). */
const subnet: LookupReader = async (config, sim, cloud) => {
  const candidates: TfObject[] = [
    ...sim.inventory.networks.filter((n) => n.subnetId).map((n) => ({
      id: n.subnetId, network_id: n.id, name: `${n.name}-subnet`, cidr: n.cidr, ip_version: 4, enable_dhcp: true,
      gateway_ip: n.cidr.split("/")[0].replace(/\d+$/, (last) => String(Number(last) + 1)), dns_nameservers: [], all_tags: [],
    })),
    ...(await cloud.list("openstack_networking_subnet_v2")).map((r) => ({ ...r.state, id: r.id })),
  ];
  const found = one(candidates.filter((n) => ["network_id", "name", "cidr", "gateway_ip"].every((k) => !text(config, k) || n[k] === text(config, k)) &&
    (!text(config, "subnet_id") || n.id === text(config, "subnet_id")) &&
    (setNumber(config, "ip_version") === undefined || n.ip_version === setNumber(config, "ip_version"))),
  "Your query returned more than one openstack_networking_subnet_v2. Please try a more specific search criteria",
  "Your query returned no openstack_networking_subnet_v2. Please change your search criteria and try again.");
  return keep(config, { ...found, subnet_id: found.id });
};

/**
 * openstack_containerinfra_clustertemplate_v1: a GET by name or id (Magnum: 404
 * ClusterTemplateNotFound; 409 when several templates share the name), wrapped as
 * "Error getting openstack_containerinfra_clustertemplate_v1 <name>: ...".
 */
const clusterTemplate: LookupReader = (config, sim) => {
  const name = text(config, "name") ?? "";
  const matches = sim.inventory.clusterTemplates.filter((t) => t.id === name || t.name === name);
  const fail = (status: number, detail: string) => new SimulatedApiError(`Error getting openstack_containerinfra_clustertemplate_v1 ${name}: ${unexpectedResponse({
    method: "GET", service: "container-infra", path: `/clustertemplates/${name}`, expected: [200], status,
    body: { errors: [{ request_id: "", code: "client", status, title: detail.replace(/\.$/, ""), detail, links: [] }] },
  })}`);
  if (matches.length === 0) throw fail(404, `ClusterTemplate ${name} could not be found.`);
  if (matches.length > 1) throw fail(409, "Multiple clustertemplates exist with same name. Please use the clustertemplate uuid instead.");
  return keep(config, { id: matches[0].id, name: matches[0].name, coe: matches[0].coe ?? "kubernetes" });
};

/** The lookup readers by data source type. */
export const LOOKUPS: Readonly<Record<string, LookupReader>> = {
  openstack_compute_flavor_v2: flavor,
  openstack_images_image_v2: image,
  openstack_networking_network_v2: network,
  openstack_networking_subnet_v2: subnet,
  openstack_containerinfra_clustertemplate_v1: clusterTemplate,
};
