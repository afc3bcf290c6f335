import { describe, expect } from "vitest";
import { jsonLines, simulatorTest } from "../../test/helpers/simulator-harness.js";

const HEAT_TEMPLATE = `heat_template_version: 2018-08-31
description: A queue-backed worker
parameters:
  flavor:
    type: string
    default: m1.small
resources:
  server:
    type: OS::Nova::Server
    properties:
      flavor: { get_param: flavor }
outputs:
  server_ip:
    description: The worker's address
    value: { get_attr: [server, first_address] }
  flavor_used:
    value: { get_param: flavor }
  url:
    value:
      str_replace:
        template: http://host:8080/
        params:
          host: { get_param: flavor }
`;

/** One stack using Trove, Nova, Neutron, Swift and Heat, with outputs that read computed values. */
const STACK = {
  provider: { openstack: [{ cloud: "simulated", region: "RegionOne" }] },
  data: {
    openstack_compute_flavor_v2: { small: { name: "m1.small" } },
    openstack_networking_network_v2: { public: { name: "public" } },
  },
  resource: {
    openstack_networking_network_v2: { net: { name: "app-net", admin_state_up: true } },
    openstack_networking_subnet_v2: {
      subnet: { name: "app-subnet", network_id: "${openstack_networking_network_v2.net.id}", cidr: "192.168.50.0/24" },
    },
    openstack_networking_port_v2: {
      port: {
        name: "app-port",
        network_id: "${openstack_networking_network_v2.net.id}",
        fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.subnet.id}" }],
      },
    },
    openstack_networking_floatingip_v2: {
      fip: {
        pool: "${data.openstack_networking_network_v2.public.name}",
        port_id: "${openstack_networking_port_v2.port.id}",
      },
    },
    openstack_compute_keypair_v2: { key: { name: "app-key" } },
    openstack_compute_instance_v2: {
      vm: {
        name: "app-vm",
        flavor_id: "${data.openstack_compute_flavor_v2.small.id}",
        image_name: "cirros-0.6.2-x86_64-disk",
        key_pair: "${openstack_compute_keypair_v2.key.name}",
        network: [{ uuid: "${openstack_networking_network_v2.net.id}" }],
        depends_on: ["openstack_networking_subnet_v2.subnet"],
      },
    },
    openstack_db_instance_v1: {
      db: {
        name: "app-db",
        size: 8,
        // `size` has RequiredWith ["volume_type"] (openstack/resource_openstack_db_instance_v1.go).
        volume_type: "lvmdriver-1",
        datastore: [{ type: "postgresql", version: "15" }],
        network: [{ uuid: "${openstack_networking_network_v2.net.id}" }],
        database: [{ name: "app" }],
        user: [{ name: "app", password: "${var.db_password}", databases: ["app"] }],
        depends_on: ["openstack_networking_subnet_v2.subnet"],
      },
    },
    openstack_objectstorage_container_v1: { bucket: { name: "app-assets", metadata: { owner: "app" } } },
    openstack_orchestration_stack_v1: {
      worker: {
        name: "worker",
        template_opts: { Bin: HEAT_TEMPLATE },
        environment_opts: { Bin: "\n" },
        parameters: { flavor: "m1.medium" },
      },
    },
  },
  variable: { db_password: { type: "string", sensitive: true } },
  output: {
    db_host: { value: "${openstack_db_instance_v1.db.addresses[0]}" },
    vm_ip: { value: "${openstack_compute_instance_v2.vm.access_ip_v4}" },
    vm_flavor: { value: "${openstack_compute_instance_v2.vm.flavor_name}" },
    floating_ip: { value: "${openstack_networking_floatingip_v2.fip.address}" },
    port_ips: { value: "${openstack_networking_port_v2.port.all_fixed_ips}" },
    fingerprint: { value: "${openstack_compute_keypair_v2.key.fingerprint}" },
    private_key: { value: "${openstack_compute_keypair_v2.key.private_key}", sensitive: true },
    container: { value: "${openstack_objectstorage_container_v1.bucket.id}" },
    heat_outputs: {
      value: "${{ for o in openstack_orchestration_stack_v1.worker.outputs : o.output_key => o.output_value }}",
    },
  },
};

const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

describe("real terraform against the simulator (reattach)", () => {
  simulatorTest(
    "init, validate, plan -json, apply, output -json, a second plan with no changes, destroy",
    async ({ simulator }) => {
      const dir = await simulator.workdir(STACK);
      const tf = (...args: string[]) => simulator.terraform(dir, ...args);
      const vars = ["-var", "db_password=s3cret-pw"];

      const init = await tf("init", "-input=false", "-no-color");
      expect(init.stderr).toBe("");
      expect(init.exitCode).toBe(0);

      const validate = await tf("validate", "-json");
      expect(JSON.parse(validate.stdout)).toMatchObject({ valid: true, error_count: 0 });

      const plan = await tf("plan", "-json", "-input=false", ...vars);
      expect(plan.exitCode).toBe(0);
      const planned = jsonLines(plan.stdout).filter((e) => e.type === "planned_change");
      expect(planned).toHaveLength(9);
      expect(jsonLines(plan.stdout).find((e) => e.type === "change_summary")).toMatchObject({
        changes: { add: 9, change: 0, remove: 0 },
      });

      const apply = await tf("apply", "-auto-approve", "-input=false", "-no-color", ...vars);
      expect(apply.stderr).toBe("");
      expect(apply.stdout).toContain("Apply complete! Resources: 9 added, 0 changed, 0 destroyed.");

      const outputs = JSON.parse((await tf("output", "-json")).stdout) as Record<
        string,
        { value: unknown; sensitive: boolean }
      >;
      expect(outputs.db_host.value).toMatch(/^192\.168\.50\.\d+$/);
      expect(outputs.vm_ip.value).toMatch(/^192\.168\.50\.\d+$/);
      expect(outputs.vm_flavor.value).toBe("m1.small");
      expect(outputs.floating_ip.value).toMatch(/^172\.24\.4\.\d+$/);
      expect(outputs.port_ips.value).toEqual([expect.stringMatching(/^192\.168\.50\.\d+$/)]);
      expect(new Set([outputs.db_host.value, outputs.vm_ip.value, (outputs.port_ips.value as string[])[0]]).size).toBe(
        3,
      );
      expect(outputs.fingerprint.value).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
      expect(outputs.private_key).toMatchObject({ sensitive: true, value: expect.stringContaining("PRIVATE KEY") });
      expect(outputs.container.value).toBe("app-assets");
      const heat = outputs.heat_outputs.value as Record<string, string>;
      expect(heat.flavor_used).toBe("m1.medium");
      expect(heat.server_ip).toMatch(IPV4);
      expect(heat.url).toBe("http://m1.medium:8080/");

      const resources = await simulator.cloud.list();
      expect(resources.map((r) => r.type).sort()).toEqual([
        "openstack_compute_instance_v2",
        "openstack_compute_keypair_v2",
        "openstack_db_instance_v1",
        "openstack_networking_floatingip_v2",
        "openstack_networking_network_v2",
        "openstack_networking_port_v2",
        "openstack_networking_subnet_v2",
        "openstack_objectstorage_container_v1",
        "openstack_orchestration_stack_v1",
      ]);

      // Secrets are not kept at rest by the simulated cloud (a real API does not return them either).
      const atRest = JSON.stringify(resources);
      expect(atRest).not.toContain("s3cret-pw");
      expect(atRest).not.toContain("PRIVATE KEY");

      const again = await tf("plan", "-detailed-exitcode", "-input=false", "-no-color", ...vars);
      expect(again.stdout).toContain("No changes.");
      expect(again.exitCode).toBe(0);

      const destroy = await tf("destroy", "-auto-approve", "-input=false", "-no-color", ...vars);
      expect(destroy.stdout).toContain("Destroy complete! Resources: 9 destroyed.");
      expect(await simulator.cloud.list()).toEqual([]);
    },
  );
});
