/**
 * openstack_compute_flavor_v2 and openstack_images_image_v2: Nova's and Glance's lists (the
 * inventory and the flavors / images created in the cloud), filtered as the provider does.
 */
import { SimulatedApiError } from "./api-errors.js";
import { PROJECT_ID } from "./generic-fill.js";
import { keep, MANY_RESULTS, NO_RESULTS, one, setNumber, strings, text, type LookupReader } from "./lookup-results.js";
import type { TfObject } from "./msgpack-values.js";

const num = (value: unknown, fallback = 0) => (typeof value === "number" ? value : fallback);

/**
 * data_source_openstack_compute_flavor_v2.go: `flavor_id` is a GET by id (404: "No Flavor found");
 * otherwise the list (is_public → public or private access, all when unset; min_disk / min_ram server
 * side), then exact filters on name, description, ram, vcpus, disk, swap, rx_tx_factor (each when set).
 */
export const flavor: LookupReader = async (config, sim, cloud) => {
  const all: TfObject[] = [
    ...sim.inventory.flavors.map(
      (f): TfObject => ({
        id: f.id,
        name: f.name,
        description: "",
        ram: f.ram,
        vcpus: f.vcpus,
        disk: f.disk,
        swap: f.swap ?? 0,
        rx_tx_factor: 1,
        is_public: f.isPublic ?? true,
        extra_specs: {},
      }),
    ),
    ...(await cloud.list("openstack_compute_flavor_v2")).map(
      (r): TfObject => ({
        id: r.id,
        name: r.state.name ?? "",
        description: r.state.description ?? "",
        ram: num(r.state.ram),
        vcpus: num(r.state.vcpus),
        disk: num(r.state.disk),
        swap: num(r.state.swap),
        rx_tx_factor: num(r.state.rx_tx_factor, 1),
        is_public: r.state.is_public !== false,
        extra_specs: r.state.extra_specs ?? {},
      }),
    ),
  ];
  const id = text(config, "flavor_id");
  let flavors: TfObject[];
  if (id) {
    flavors = all.filter((f) => f.id === id);
    if (flavors.length === 0) throw new SimulatedApiError("No Flavor found");
  } else {
    const access = typeof config.is_public === "boolean" ? config.is_public : undefined;
    flavors = all.filter(
      (f) =>
        (access === undefined || f.is_public === access) &&
        num(f.disk) >= (setNumber(config, "min_disk") ?? 0) &&
        num(f.ram) >= (setNumber(config, "min_ram") ?? 0),
    );
  }
  const exact = ["ram", "vcpus", "disk", "swap", "rx_tx_factor"].filter((key) => setNumber(config, key) !== undefined);
  const found = one(
    flavors.filter(
      (f) =>
        ["name", "description"].every((key) => !text(config, key) || f[key] === text(config, key)) &&
        exact.every((key) => f[key] === config[key]),
    ),
    MANY_RESULTS,
  );
  return keep(config, { ...found, flavor_id: found.id });
};

/** What Glance lists: the inventory's images and those created in the cloud. */
async function glanceImages(sim: Parameters<LookupReader>[1], cloud: Parameters<LookupReader>[2]): Promise<TfObject[]> {
  const inventory = sim.inventory.images.map((i): TfObject => {
    const created = new Date(Math.floor(Date.parse(i.createdAt ?? "2025-01-01T00:00:00Z") / 1000) * 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z");
    return {
      id: i.id,
      name: i.name,
      container_format: "bare",
      disk_format: "qcow2",
      min_disk_gb: i.minDiskGb ?? 0,
      min_ram_mb: 0,
      size_bytes: i.sizeBytes ?? 0,
      status: "active",
      visibility: i.visibility ?? "public",
      protected: false,
      hidden: false,
      owner: PROJECT_ID,
      tags: [],
      properties: {},
      created_at: created,
      updated_at: created,
    };
  });
  const created = (await cloud.list("openstack_images_image_v2")).map((r): TfObject => ({ ...r.state, id: r.id }));
  return [...inventory, ...created];
}

/** images_image_v2.go imagesFilterByProperties: only images having every wanted property (value equal). */
function hasProperties(image: TfObject, wanted: Readonly<Record<string, unknown>>): boolean {
  const own = (image.properties ?? {}) as Record<string, unknown>;
  return Object.keys(own).length > 0 && Object.entries(wanted).every(([key, value]) => own[key] === value);
}

/**
 * data_source_openstack_images_image_v2.go: Glance's list (name, visibility — community images only
 * when asked —, os_hidden: hidden images only with `hidden = true`, owner, status active, size_min /
 * size_max, container and disk format, every tag of `tags` and `tag`), then `properties` when more
 * than one is left, `name_regex`, and one image or the newest by created_at with `most_recent`
 * (images_image_v2.go mostRecentImage).
 */
export const image: LookupReader = async (config, sim, cloud) => {
  const visibility = text(config, "visibility");
  const tags = [...strings(config.tags), ...(text(config, "tag") ? [text(config, "tag")!] : [])];
  const exact = ["name", "owner", "container_format", "disk_format"].filter((key) => text(config, key));
  let images = (await glanceImages(sim, cloud)).filter(
    (i) =>
      i.status === "active" &&
      (visibility ? i.visibility === visibility : i.visibility !== "community") &&
      (i.hidden === true) === (config.hidden === true) &&
      exact.every((key) => i[key] === config[key]) &&
      tags.every((tag) => strings(i.tags).includes(tag)) &&
      num(i.size_bytes) >= (setNumber(config, "size_min") ?? 0) &&
      num(i.size_bytes) <= (setNumber(config, "size_max") ?? Infinity),
  );
  const properties = (config.properties ?? {}) as Record<string, unknown>;
  if (images.length > 1 && Object.keys(properties).length > 0)
    images = images.filter((i) => hasProperties(i, properties));
  const regex = text(config, "name_regex");
  if (regex) images = images.filter((i) => new RegExp(regex).test(String(i.name)));
  const created = (i: TfObject) => Date.parse(String(i.created_at));
  if (images.length > 1 && config.most_recent === true)
    images = [[...images].sort((a, b) => created(a) - created(b)).at(-1)!];
  const found = one(images, `${MANY_RESULTS}, or set \`most_recent\` attribute to true.`, NO_RESULTS);
  return keep(config, found);
};
