import { describe, expect } from "vitest";
import { simulatorTest } from "../../test/helpers/simulator-harness.js";

/** Keystone, Swift temp URLs, Octavia, Magnum, Manila and Barbican resources the service stacks use. */
const STACK = {
  provider: { openstack: [{}] },
  resource: {
    openstack_identity_application_credential_v3: { app: { name: "binding-1" } },
    openstack_identity_ec2_credential_v3: { s3: {} },
    openstack_objectstorage_container_v1: { bucket: { name: "assets" } },
    openstack_objectstorage_tempurl_v1: {
      link: {
        container: "${openstack_objectstorage_container_v1.bucket.name}",
        object: "index.html",
        ttl: 3600,
        key: "k",
      },
    },
    openstack_networking_network_v2: { net: { name: "lb-net" } },
    openstack_networking_subnet_v2: {
      sub: { network_id: "${openstack_networking_network_v2.net.id}", cidr: "172.16.8.0/24" },
    },
    openstack_lb_loadbalancer_v2: { lb: { name: "lb", vip_subnet_id: "${openstack_networking_subnet_v2.sub.id}" } },
    openstack_containerinfra_cluster_v1: {
      k8s: { name: "k8s", cluster_template_id: "tmpl", master_count: 1, node_count: 2 },
    },
    openstack_sharedfilesystem_share_v2: { share: { name: "files", share_proto: "NFS", size: 10 } },
    openstack_sharedfilesystem_share_access_v2: {
      access: {
        share_id: "${openstack_sharedfilesystem_share_v2.share.id}",
        access_type: "cephx",
        access_to: "app",
        access_level: "rw",
      },
    },
    openstack_keymanager_secret_v1: { secret: { name: "s", payload: "p4yload", payload_content_type: "text/plain" } },
  },
  output: {
    app_secret: { value: "${openstack_identity_application_credential_v3.app.secret}", sensitive: true },
    s3_access: { value: "${openstack_identity_ec2_credential_v3.s3.access}" },
    s3_secret: { value: "${openstack_identity_ec2_credential_v3.s3.secret}", sensitive: true },
    temp_url: { value: "${openstack_objectstorage_tempurl_v1.link.url}", sensitive: true },
    vip: { value: "${openstack_lb_loadbalancer_v2.lb.vip_address}" },
    api: { value: "${openstack_containerinfra_cluster_v1.k8s.api_address}" },
    nodes: { value: "${openstack_containerinfra_cluster_v1.k8s.node_addresses}" },
    kubeconfig: { value: "${openstack_containerinfra_cluster_v1.k8s.kubeconfig.raw_config}", sensitive: true },
    export: { value: "${openstack_sharedfilesystem_share_v2.share.export_locations[0].path}" },
    access_key: { value: "${openstack_sharedfilesystem_share_access_v2.access.access_key}", sensitive: true },
    secret_ref: { value: "${openstack_keymanager_secret_v1.secret.secret_ref}" },
  },
};

describe("service resources get realistic credentials and endpoints", () => {
  simulatorTest("Keystone, Swift temp URL, Octavia, Magnum, Manila, Barbican", async ({ simulator }) => {
    const dir = await simulator.workdir(STACK);
    expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
    const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
    expect(apply.stderr).toBe("");
    const outputs = JSON.parse((await simulator.terraform(dir, "output", "-json")).stdout) as Record<
      string,
      { value: unknown }
    >;
    const value = (name: string) => outputs[name].value as string;
    expect(value("app_secret")).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(value("s3_access")).toMatch(/^[0-9a-f]{32}$/);
    expect(value("s3_secret")).toMatch(/^[0-9a-f]{32}$/);
    expect(value("temp_url")).toMatch(
      /^https:\/\/swift\.[a-z.]+:8080\/v1\/AUTH_[0-9a-f]{32}\/assets\/index\.html\?temp_url_sig=[0-9a-f]{64}&temp_url_expires=\d+$/,
    );
    expect(value("vip")).toMatch(/^172\.16\.8\.\d+$/);
    expect(value("api")).toMatch(/^https:\/\/172\.24\.4\.\d+:6443$/);
    expect(outputs.nodes.value).toHaveLength(2);
    expect(value("kubeconfig")).toContain(`server: ${value("api")}`);
    expect(value("export")).toMatch(/^[\d.]+:\/shares\/share-/);
    expect(value("access_key").length).toBeGreaterThanOrEqual(32);
    expect(value("secret_ref")).toMatch(/^https:\/\/barbican\.[a-z.]+:9311\/v1\/secrets\/[0-9a-f-]{36}$/);
    const again = await simulator.terraform(dir, "plan", "-detailed-exitcode", "-no-color");
    expect(again.stdout).toContain("No changes.");
  });

  simulatorTest("the token scope's service catalog and Zaqar resources inside a Heat stack", async ({ simulator }) => {
    const scope = "data.openstack_identity_auth_scope_v3.scope";
    const endpoint = (type: string) =>
      `\${try(one(flatten([for s in ${scope}.service_catalog : [for e in s.endpoints : e.url if e.interface == "public" && e.region == ${scope}.region] if s.type == "${type}"])), null)}`;
    const template = [
      "heat_template_version: 2018-08-31",
      "resources:",
      "  queue:",
      "    type: OS::Zaqar::Queue",
      "    properties: { name: orders }",
      "  signed:",
      "    type: OS::Zaqar::SignedQueueURL",
      "    properties: { queue: orders, ttl: 600, paths: [messages], methods: [GET, POST] }",
      "outputs:",
      "  queue_id: { value: { get_attr: [queue, queue_id] } }",
      "  href: { value: { get_attr: [queue, href] } }",
      "  signature: { value: { get_attr: [signed, signature] } }",
      // A list output would wipe every output (upstream #1612): join it into a string.
      "  paths: { value: { list_join: [',', { get_attr: [signed, paths] }] } }",
      "  project: { value: { get_attr: [signed, project] } }",
    ].join("\n");
    const dir = await simulator.workdir({
      // The scope's region is the provider's (GetRegion): "" unless configured, and then no endpoint matches.
      provider: { openstack: [{ region: "RegionOne" }] },
      data: { openstack_identity_auth_scope_v3: { scope: { name: "broker" } } },
      resource: {
        openstack_orchestration_stack_v1: {
          q: { name: "q", template_opts: { Bin: template }, environment_opts: { Bin: "\n" } },
        },
      },
      output: {
        messaging: { value: endpoint("messaging") },
        swift: { value: endpoint("object-store") },
        project: { value: `\${${scope}.project_id}` },
        heat: { value: "${{ for o in openstack_orchestration_stack_v1.q.outputs : o.output_key => o.output_value }}" },
      },
    });
    expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
    expect((await simulator.terraform(dir, "apply", "-auto-approve", "-no-color")).stderr).toBe("");
    const outputs = JSON.parse((await simulator.terraform(dir, "output", "-json")).stdout) as Record<
      string,
      { value: unknown }
    >;
    const project = outputs.project.value as string;
    expect(project).toMatch(/^[0-9a-f]{32}$/);
    expect(outputs.messaging.value).toBe("https://zaqar.openstack.simulator:8888");
    expect(outputs.swift.value).toBe(`https://swift.openstack.simulator:8080/v1/AUTH_${project}`);
    const heat = outputs.heat.value as Record<string, string>;
    expect(heat.queue_id).toBe("orders");
    // heat/engine/resources/openstack/zaqar/queue.py `href`: the endpoint + "/queues/<name>".
    expect(heat.href).toBe("https://zaqar.openstack.simulator:8888/queues/orders");
    expect(heat.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(heat.paths).toBe("/v2/queues/orders/messages");
    expect(heat.project).toBe(project);
  });
});
