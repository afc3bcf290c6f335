import { createHmac, randomBytes } from "node:crypto";
import { SimulatedApiError } from "../api-errors.js";
import { PROJECT_ID } from "../generic-fill.js";
import type { TfObject } from "../msgpack-values.js";
import { unexpectedResponse } from "../service-errors.js";
import { num, setIfUnknown, str, type CheckContext, type ResourceBehaviour } from "./types.js";

const BASE = "openstack.simulator";

/** openstack_objectstorage_tempurl_v1 (Swift temporary URL). */
export const tempUrl: ResourceBehaviour = {
  fill(state, context) {
    const path = `/v1/AUTH_${PROJECT_ID}/${str(state, "container") ?? ""}/${str(state, "object") ?? ""}`;
    const expires = Math.floor(Date.parse(context.now) / 1000) + (num(state, "ttl") ?? 0);
    const method = str(state, "method")?.toUpperCase() ?? "GET";
    const signature = createHmac("sha256", str(state, "key") ?? "")
      .update(`${method}\n${expires}\n${path}`)
      .digest("hex");
    setIfUnknown(
      state,
      "url",
      `https://swift.${BASE}:8080${path}?temp_url_sig=${signature}&temp_url_expires=${expires}`,
    );
  },
};

/**
 * Octavia picks the VIP subnet from `vip_network_id` when no `vip_subnet_id` is given, and refuses
 * a network without one (octavia/api/v2/controllers/load_balancer.py `_validate_vip_request_object`:
 * ValidationException "Supplied network does not contain a subnet.", a 400 with a wsme fault body).
 */
async function checkVipNetwork(state: TfObject, context: CheckContext): Promise<void> {
  if (context.operation !== "create" || str(state, "vip_subnet_id") || str(state, "vip_port_id")) return;
  const network = str(state, "vip_network_id");
  if (!network || context.config.inventory.networks.some((n) => n.id === network)) return;
  if (!(await context.store.get("openstack_networking_network_v2", network))) return;
  const subnets = await context.store.list("openstack_networking_subnet_v2");
  if (subnets.some((s) => s.state.network_id === network)) return;
  throw new SimulatedApiError(
    `Error creating openstack_lb_loadbalancer_v2: ${unexpectedResponse({
      method: "POST",
      service: "load-balancer",
      path: "/v2.0/lbaas/loadbalancers",
      expected: [201, 202],
      status: 400,
      body: {
        faultcode: "Client",
        faultstring: "Validation failure: Supplied network does not contain a subnet.",
        debuginfo: null,
      },
    })}`,
  );
}

/** openstack_lb_loadbalancer_v2 (Octavia): a VIP address on its subnet or network. */
export const loadBalancer: ResourceBehaviour = {
  check: checkVipNetwork,
  async fill(state, context) {
    const where = str(state, "vip_subnet_id") ?? str(state, "vip_network_id") ?? "";
    const cidr = (await context.cidrOf(where)) ?? context.config.defaultFixedCidr;
    setIfUnknown(state, "vip_address", await context.allocateIp(cidr));
    setIfUnknown(state, "vip_port_id", context.uuid());
    setIfUnknown(state, "loadbalancer_provider", "amphora");
    setIfUnknown(state, "security_group_ids", []);
  },
};

/** The share type a share gets: the named one (by name or id) or the cloud's default. */
function shareTypeOf(state: TfObject, context: { config: CheckContext["config"] }) {
  const wanted = str(state, "share_type");
  const types = context.config.inventory.shareTypes;
  return wanted ? types.find((t) => t.name === wanted || t.id === wanted) : types.find((t) => t.default);
}

/**
 * Manila's share create (manila/api/v2/shares.py `_create`): an unknown share type is 404 "Share
 * type not found."; a type whose `driver_handles_share_servers` is true needs `share_network_id`
 * (400). The provider prints Manila's error details as "Error creating share: <key> (<code>): <message>".
 */
function checkShare(state: TfObject, context: CheckContext): void {
  if (context.operation !== "create") return;
  const fail = (key: string, code: number, message: string) =>
    new SimulatedApiError(`Error creating share: ${key} (${code}): ${message}`);
  if (str(state, "share_type") && !shareTypeOf(state, context))
    throw fail("itemNotFound", 404, "Share type not found.");
  const type = shareTypeOf(state, context);
  if (type?.driverHandlesShareServers && !str(state, "share_network_id") && !str(state, "snapshot_id")) {
    throw fail("badRequest", 400, "Share network must be set when the driver_handles_share_servers is true.");
  }
}

/** openstack_sharedfilesystem_share_v2 (Manila): share type rules, an NFS export location. */
export const share: ResourceBehaviour = {
  quota: (state) => ({ gigabytes: num(state, "size") ?? 1 }),
  check: checkShare,
  fill(state, context) {
    const type = shareTypeOf(state, context);
    // The provider reads back `share_type` as Manila's share_type_name.
    if (type) state.share_type = type.name;
    setIfUnknown(state, "share_network_id", "");
    setIfUnknown(state, "share_server_id", type?.driverHandlesShareServers ? context.uuid() : "");
    setIfUnknown(state, "export_locations", [{ path: `10.0.0.250:/shares/share-${context.id}`, preferred: "true" }]);
    setIfUnknown(state, "host", `manila@generic#GENERIC`);
    setIfUnknown(state, "share_type", "");
    setIfUnknown(state, "has_replicas", false);
  },
};

/** openstack_sharedfilesystem_share_access_v2: CephX access keys. */
export const shareAccess: ResourceBehaviour = {
  fill(state, context) {
    // Manila returns an access key for cephx rules only: a Ceph secret, base64 of type 1, the
    // creation time, length 16 and 16 random bytes (40 characters, "AQ…==").
    const header = Buffer.alloc(12);
    header.writeUInt16LE(1, 0);
    header.writeUInt32LE(Math.floor(Date.parse(context.now) / 1000), 2);
    header.writeUInt16LE(16, 10);
    const key = Buffer.concat([header, randomBytes(16)]).toString("base64");
    setIfUnknown(state, "access_key", str(state, "access_type") === "cephx" ? key : "");
    setIfUnknown(state, "state", "active");
  },
};

/**
 * Barbican's answer for a secret without an ACL of its own: the default ACL, read with project
 * access and no users or timestamps (Barbican ACL API reference, "GET /v1/secrets/{uuid}/acl",
 * with no ACL defined: {"read": {"project-access": true}}), which Read flattens with the zero
 * time's RFC 3339 form (keymanager_v1.go flattenKeyManagerV1ACLs).
 */
const DEFAULT_ACL = [
  {
    read: [{ project_access: true, users: [], created_at: "0001-01-01T00:00:00Z", updated_at: "0001-01-01T00:00:00Z" }],
  },
];

/** openstack_keymanager_secret_v1 / container_v1 (Barbican): references are URLs; the ACL Read stores. */
export const barbicanSecret: ResourceBehaviour = {
  fill(state, context) {
    setIfUnknown(state, "acl", DEFAULT_ACL);
    setIfUnknown(state, "secret_ref", `https://barbican.${BASE}:9311/v1/secrets/${context.id}`);
    setIfUnknown(state, "status", "ACTIVE");
    setIfUnknown(state, "content_types", { default: str(state, "payload_content_type") ?? "text/plain" });
  },
};

/** openstack_keymanager_container_v1. */
export const barbicanContainer: ResourceBehaviour = {
  fill(state, context) {
    setIfUnknown(state, "container_ref", `https://barbican.${BASE}:9311/v1/containers/${context.id}`);
    setIfUnknown(state, "status", "ACTIVE");
  },
};
