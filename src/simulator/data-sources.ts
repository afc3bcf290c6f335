import { createHash } from "node:crypto";
import { conformToBlock } from "./block-values.js";
import { BROKER_USER_ID, fillRemaining, PROJECT_ID } from "./generic-fill.js";
import { identityRole } from "./keystone-roles.js";
import { keep, LOOKUPS, type LookupReader } from "./lookups.js";
import { serviceCatalog } from "./service-catalog.js";
import { deterministicUuid } from "./ids.js";
import type { TfObject } from "./msgpack-values.js";
import type { SchemaBlock } from "./schema-types.js";
import type { SimulatedCloud } from "./simulated-cloud.js";

const READERS: Readonly<Record<string, LookupReader>> = {
  ...LOOKUPS,
  openstack_identity_role_v3: identityRole,
  // The provider's id is the data source's `name` (data_source_openstack_identity_auth_scope_v3.go).
  openstack_identity_auth_scope_v3: (config, sim) =>
    keep(config, {
      id: typeof config.name === "string" ? config.name : "",
      project_id: PROJECT_ID,
      project_name: "demo",
      project_domain_id: "default",
      project_domain_name: "Default",
      user_id: BROKER_USER_ID,
      user_name: "broker",
      user_domain_id: "default",
      user_domain_name: "Default",
      domain_id: "",
      domain_name: "",
      region: sim.region,
      roles: [
        { role_id: deterministicUuid("role:member").replace(/-/g, ""), role_name: "member" },
        { role_id: deterministicUuid("role:reader").replace(/-/g, ""), role_name: "reader" },
      ],
      service_catalog: serviceCatalog(sim.region),
    }),
  openstack_compute_availability_zones_v2: (config, sim) =>
    keep(config, { id: "compute-azs", names: [...sim.inventory.availabilityZones], state: "available" }),
  openstack_blockstorage_availability_zones_v3: (config, sim) =>
    keep(config, { id: "volume-azs", names: [...sim.inventory.availabilityZones], state: "available" }),
  openstack_sharedfilesystem_availability_zones_v2: (config, sim) =>
    keep(config, { id: "share-azs", names: [...sim.inventory.availabilityZones] }),
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
 * ReadDataSource: inventory-backed lookups (lookups.ts: flavors, images, networks, subnets, cluster
 * templates), the token scope and availability zones;
 * any other data source gets deterministic values derived from its configuration, so plans are stable.
 */
export async function readDataSource(
  type: string,
  block: SchemaBlock,
  config: TfObject,
  cloud: SimulatedCloud,
  providerRegion = "",
): Promise<TfObject> {
  const sim = await cloud.config();
  const reader = READERS[type];
  const found = reader ? await reader(conformToBlock(block, config), sim, cloud) : conformToBlock(block, config);
  // GetRegion(d, config): its own region, else the provider's, "" when none (data_source_openstack_identity_auth_scope_v3.go); the catalog keeps the cloud's.
  if (type === "openstack_identity_auth_scope_v3" && (config.region === null || config.region === undefined))
    found.region = providerRegion;
  const seed = `${type}:${JSON.stringify(config)}`;
  const id = typeof found.id === "string" && found.id !== "" ? found.id : deterministicUuid(seed);
  const shaped = coerce(block, conformToBlock(block, found));
  if (block.attributes?.region && shaped.region === null) shaped.region = sim.region;
  const filled = fillRemaining(block, shaped, {
    config: sim,
    id,
    now: "2026-01-01T00:00:00Z",
    idFor: (path) => deterministicUuid(`${seed}/${path}`),
    fillNullComputed: true,
  });
  // Read sets token_id only with set_token_id (data_source_openstack_identity_auth_scope_v3.go).
  if (type === "openstack_identity_auth_scope_v3")
    filled.token_id = config.set_token_id === true ? fernetToken(cloud.stateDir) : null;
  return filled;
}

/**
 * A token id in Keystone's Fernet form (url-safe base64 of a version-0x80 payload: "gAAAAAB…").
 * One per simulated cloud, where Keystone issues one per provider authentication.
 */
function fernetToken(seed: string): string {
  const payload = Buffer.concat([
    Buffer.from([0x80, 0, 0, 0, 0]),
    ...[0, 1, 2, 3, 4].map((n) => createHash("sha256").update(`${seed}:token:${n}`).digest()),
  ]);
  return payload.toString("base64url").slice(0, 183).replace(/^.{7}/, "gAAAAAB");
}
