import type { CloudStore } from "./cloud-store.js";
import type { SimulatorConfig } from "./config-types.js";
import { PROJECT_ID } from "./generic-fill.js";
import type { TfObject } from "./msgpack-values.js";

/** Every zone of the project as Designate lists it: inventory first, then created ones. */
export async function designateZones(sim: SimulatorConfig, store: Pick<CloudStore, "list">): Promise<TfObject[]> {
  return [
    ...(sim.inventory.dnsZones ?? []).map(
      (z): TfObject => ({
        id: z.id,
        name: z.name,
        email: z.email ?? "",
        ttl: z.ttl ?? 3600,
        type: "PRIMARY",
        status: "ACTIVE",
        description: "",
        project_id: PROJECT_ID,
        masters: [],
      }),
    ),
    ...(await store.list("openstack_dns_zone_v2")).map((r): TfObject => ({ status: "ACTIVE", ...r.state, id: r.id })),
  ];
}
