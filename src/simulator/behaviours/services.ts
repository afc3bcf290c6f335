import { createHmac, randomBytes } from "node:crypto";
import { PROJECT_ID } from "../generic-fill.js";
import { num, setIfUnknown, str, type ResourceBehaviour } from "./types.js";

const BASE = "openstack.simulator";

/** openstack_identity_application_credential_v3 (Keystone): a secret like Keystone's (86 url-safe chars). */
export const applicationCredential: ResourceBehaviour = {
  fill(state) {
    setIfUnknown(state, "secret", randomBytes(64).toString("base64url").slice(0, 86));
    setIfUnknown(state, "roles", ["member"]);
    setIfUnknown(state, "project_id", PROJECT_ID);
  },
};

/** openstack_identity_ec2_credential_v3 (Keystone EC2/S3 credentials). */
export const ec2Credential: ResourceBehaviour = {
  id: () => randomBytes(16).toString("hex"),
  fill(state, context) {
    setIfUnknown(state, "access", context.id);
    setIfUnknown(state, "secret", randomBytes(16).toString("hex"));
    setIfUnknown(state, "trust_id", "");
  },
};

/** openstack_objectstorage_tempurl_v1 (Swift temporary URL). */
export const tempUrl: ResourceBehaviour = {
  fill(state, context) {
    const path = `/v1/AUTH_${PROJECT_ID}/${str(state, "container") ?? ""}/${str(state, "object") ?? ""}`;
    const expires = Math.floor(Date.parse(context.now) / 1000) + (num(state, "ttl") ?? 0);
    const method = str(state, "method")?.toUpperCase() ?? "GET";
    const signature = createHmac("sha256", str(state, "key") ?? "").update(`${method}\n${expires}\n${path}`).digest("hex");
    setIfUnknown(state, "url", `https://swift.${BASE}:8080${path}?temp_url_sig=${signature}&temp_url_expires=${expires}`);
  },
};

/** openstack_lb_loadbalancer_v2 (Octavia): a VIP address on its subnet or network. */
export const loadBalancer: ResourceBehaviour = {
  async fill(state, context) {
    const where = str(state, "vip_subnet_id") ?? str(state, "vip_network_id") ?? "";
    const cidr = (await context.cidrOf(where)) ?? context.config.defaultFixedCidr;
    setIfUnknown(state, "vip_address", await context.allocateIp(cidr));
    setIfUnknown(state, "vip_port_id", context.uuid());
    setIfUnknown(state, "loadbalancer_provider", "amphora");
    setIfUnknown(state, "security_group_ids", []);
  },
};

/** openstack_containerinfra_cluster_v1 (Magnum): API address, node addresses and a kubeconfig. */
export const cluster: ResourceBehaviour = {
  async fill(state, context) {
    const masters = num(state, "master_count") ?? 1;
    const nodes = num(state, "node_count") ?? 1;
    const masterIps = await Promise.all(Array.from({ length: masters }, () => context.allocateIp(context.config.floatingIpCidr)));
    const nodeIps = await Promise.all(Array.from({ length: nodes }, () => context.allocateIp(context.config.defaultFixedCidr)));
    const api = `https://${masterIps[0]}:6443`;
    const ca = randomBytes(48).toString("base64");
    setIfUnknown(state, "api_address", api);
    setIfUnknown(state, "master_addresses", masterIps);
    setIfUnknown(state, "node_addresses", nodeIps);
    setIfUnknown(state, "coe_version", "v1.29.3");
    setIfUnknown(state, "container_version", "1.12.6");
    setIfUnknown(state, "stack_id", context.uuid());
    setIfUnknown(state, "discovery_url", "");
    setIfUnknown(state, "master_count", masters);
    const name = str(state, "name") ?? "cluster";
    const clientKey = randomBytes(48).toString("base64");
    setIfUnknown(state, "kubeconfig", {
      host: api,
      cluster_ca_certificate: ca,
      client_certificate: randomBytes(48).toString("base64"),
      client_key: clientKey,
      raw_config: [
        "apiVersion: v1", "kind: Config", "clusters:", `- name: ${name}`, "  cluster:", `    server: ${api}`,
        `    certificate-authority-data: ${ca}`, "users:", "- name: admin", "  user:", `    client-key-data: ${clientKey}`,
        "contexts:", "- name: default", "  context:", `    cluster: ${name}`, "    user: admin", "current-context: default", "",
      ].join("\n"),
    });
  },
};

/** openstack_sharedfilesystem_share_v2 (Manila): an NFS export location. */
export const share: ResourceBehaviour = {
  quota: (state) => ({ gigabytes: num(state, "size") ?? 1 }),
  fill(state, context) {
    setIfUnknown(state, "export_locations", [{ path: `10.0.0.250:/shares/share-${context.id}`, preferred: "true" }]);
    setIfUnknown(state, "host", `manila@generic#GENERIC`);
    setIfUnknown(state, "share_type", "default");
    setIfUnknown(state, "has_replicas", false);
  },
};

/** openstack_sharedfilesystem_share_access_v2: CephX-style access keys. */
export const shareAccess: ResourceBehaviour = {
  fill(state) {
    setIfUnknown(state, "access_key", `${randomBytes(30).toString("base64")}==`.slice(0, 40));
    setIfUnknown(state, "state", "active");
  },
};

/** openstack_keymanager_secret_v1 / container_v1 (Barbican): references are URLs. */
export const barbicanSecret: ResourceBehaviour = {
  fill(state, context) {
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
