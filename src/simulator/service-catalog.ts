import { PROJECT_ID } from "./generic-fill.js";
import { deterministicUuid } from "./ids.js";
import type { TfObject } from "./msgpack-values.js";

/** The simulated cloud's host name in every endpoint URL. */
export const CLOUD_HOST = "openstack.simulator";

const SERVICES: readonly { type: string; name: string; port: number; path: string }[] = [
  { type: "identity", name: "keystone", port: 5000, path: "/v3" },
  { type: "compute", name: "nova", port: 8774, path: "/v2.1" },
  { type: "network", name: "neutron", port: 9696, path: "" },
  { type: "volumev3", name: "cinderv3", port: 8776, path: `/v3/${PROJECT_ID}` },
  { type: "image", name: "glance", port: 9292, path: "" },
  { type: "object-store", name: "swift", port: 8080, path: `/v1/AUTH_${PROJECT_ID}` },
  { type: "s3", name: "swift-s3", port: 8080, path: "" },
  { type: "orchestration", name: "heat", port: 8004, path: `/v1/${PROJECT_ID}` },
  { type: "database", name: "trove", port: 8779, path: `/v1.0/${PROJECT_ID}` },
  { type: "messaging", name: "zaqar", port: 8888, path: "" },
  { type: "key-manager", name: "barbican", port: 9311, path: "" },
  { type: "load-balancer", name: "octavia", port: 9876, path: "" },
  { type: "container-infra", name: "magnum", port: 9511, path: "/v1" },
  { type: "sharev2", name: "manilav2", port: 8786, path: `/v2` },
  { type: "dns", name: "designate", port: 9001, path: "" },
];

/** A service's public URL, e.g. serviceUrl("messaging") = https://zaqar.openstack.simulator:8888. */
export function serviceUrl(type: string): string {
  const service = SERVICES.find((s) => s.type === type);
  return service ? `https://${service.name}.${CLOUD_HOST}:${service.port}${service.path}` : `https://${CLOUD_HOST}`;
}

/** The Keystone service catalog of the simulated project (public and internal endpoints in `region`). */
export function serviceCatalog(region: string): TfObject[] {
  return SERVICES.map((service) => ({
    id: deterministicUuid(`service:${service.type}`).replace(/-/g, ""),
    name: service.name,
    type: service.type,
    endpoints: ["public", "internal"].map((endpointInterface) => ({
      id: deterministicUuid(`endpoint:${service.type}:${endpointInterface}`).replace(/-/g, ""),
      interface: endpointInterface,
      region,
      region_id: region,
      url:
        endpointInterface === "public"
          ? serviceUrl(service.type)
          : `http://${service.name}.internal.${CLOUD_HOST}:${service.port}${service.path}`,
    })),
  }));
}
