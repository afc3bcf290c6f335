/** Magnum: cluster templates and clusters. */
import { randomBytes } from "node:crypto";
import { num, setIfUnknown, str, type ResourceBehaviour } from "./types.js";

/**
 * openstack_containerinfra_clustertemplate_v1: Magnum takes `cluster_distro` from the image's
 * `os_distro` property (magnum/api/controllers/v1/cluster_template.py post: validate_image, then
 * cluster_distro = image os_distro); inventory images name it in `osDistro`, created images in
 * their `properties`. Magnum's refusal of an image without os_distro is not modelled.
 */
export const clusterTemplate: ResourceBehaviour = {
  async fill(state, context) {
    const wanted = str(state, "image");
    const inventory = context.config.inventory.images.find((i) => i.id === wanted || i.name === wanted);
    const created = (await context.store.list("openstack_images_image_v2")).find(
      (r) => r.id === wanted || r.state.name === wanted,
    );
    const properties = created?.state.properties as Record<string, unknown> | undefined;
    const distro =
      inventory?.osDistro ?? (typeof properties?.os_distro === "string" ? properties.os_distro : undefined);
    setIfUnknown(state, "cluster_distro", distro ?? "");
  },
};

/** openstack_containerinfra_cluster_v1 (Magnum): API address, node addresses and a kubeconfig. */
export const cluster: ResourceBehaviour = {
  async fill(state, context) {
    const masters = num(state, "master_count") ?? 1;
    const nodes = num(state, "node_count") ?? 1;
    const masterIps = await Promise.all(
      Array.from({ length: masters }, () => context.allocateIp(context.config.floatingIpCidr)),
    );
    // A node_count update resizes the cluster in place: Read lists the nodes it has now.
    const known = Array.isArray(state.node_addresses) ? state.node_addresses.slice(0, nodes) : [];
    const nodeIps = [
      ...known,
      ...(await Promise.all(
        Array.from({ length: nodes - known.length }, () => context.allocateIp(context.config.defaultFixedCidr)),
      )),
    ];
    const api = `https://${masterIps[0]}:6443`;
    const ca = randomBytes(48).toString("base64");
    setIfUnknown(state, "api_address", api);
    setIfUnknown(state, "master_addresses", masterIps);
    state.node_addresses = nodeIps;
    setIfUnknown(state, "coe_version", "v1.29.3");
    setIfUnknown(state, "container_version", "1.12.6");
    setIfUnknown(state, "stack_id", context.uuid());
    // Magnum asks the etcd discovery service for a cluster of master_count members when none is
    // given (magnum/drivers/heat/template_def.py get_discovery_url, default endpoint
    // https://discovery.etcd.io/new?size=N), which answers with https://discovery.etcd.io/<32 hex>.
    setIfUnknown(state, "discovery_url", `https://discovery.etcd.io/${randomBytes(16).toString("hex")}`);
    setIfUnknown(state, "master_count", masters);
    const name = str(state, "name") ?? "cluster";
    const clientKey = randomBytes(48).toString("base64");
    setIfUnknown(state, "kubeconfig", {
      host: api,
      cluster_ca_certificate: ca,
      client_certificate: randomBytes(48).toString("base64"),
      client_key: clientKey,
      raw_config: [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- name: ${name}`,
        "  cluster:",
        `    server: ${api}`,
        `    certificate-authority-data: ${ca}`,
        "users:",
        "- name: admin",
        "  user:",
        `    client-key-data: ${clientKey}`,
        "contexts:",
        "- name: default",
        "  context:",
        `    cluster: ${name}`,
        "    user: admin",
        "current-context: default",
        "",
      ].join("\n"),
    });
  },
};
