import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertNoRequestLiterals,
  catalogPlansForStack,
  checkPlanOnSimulator,
  planUpdate,
  synthesizeService,
  testSecret,
  useTestSimulator,
} from "../../src/testing/index.js";

const plans = await catalogPlansForStack("trove-database");
const instanceOutputs = {
  trove_instance_id: "3f1c",
  host: "10.0.0.5",
  port: 3306,
  database: "app",
  type: "mysql",
  provider: "openstack-trove",
};

describe("trove-database", () => {
  it("serves the four Trove services", () => {
    expect(new Set(plans.map((p) => p.service))).toEqual(
      new Set(["trove-mysql", "trove-postgresql", "trove-mariadb", "trove-redis"]),
    );
  });

  describe.each(plans)("$service/$plan", ({ service, plan }) => {
    it("synthesizes the instance stack", async () => {
      const stack = await synthesizeService({ service, plan });
      expect(stack.config).toMatchSnapshot();
      const db = stack.resource("openstack_db_instance_v1");
      expect(db.size).toBe("${var.param_volume_size}");
      // `size` is RequiredWith volume_type (resource_openstack_db_instance_v1.go): a plan without
      // it fails `terraform plan` on the real provider. The type is the plan's setting.
      expect(db.volume_type).toBe(stack.entry.plan.settings.volume_type);
      expect(db.volume_type).toEqual(expect.any(String));
      expect(db.datastore).toEqual({
        type: stack.entry.plan.settings.datastore,
        version: "${var.param_datastore_version}",
      });
      expect(Object.values(stack.dataSources("openstack_compute_flavor_v2"))[0].name).toBe(
        stack.entry.plan.settings.flavor,
      );
      expect(stack.outputs).toEqual(expect.arrayContaining(["trove_instance_id", "type", "provider", "host", "port"]));
      assertNoRequestLiterals(stack);
    });

    it("synthesizes the binding stack", async () => {
      const stack = await synthesizeService({ service, plan, kind: "binding", instanceOutputs });
      expect(stack.config).toMatchSnapshot();
      if (stack.entry.plan.settings.users === false) {
        expect(stack.resources("openstack_db_user_v1")).toEqual({});
        expect(stack.outputs).toEqual(["uri"]);
        return;
      }
      const user = stack.resource("openstack_db_user_v1");
      expect(user.password).toBe("${var.secret_password}");
      expect(user.instance_id).toBe("${var.instance_output_trove_instance_id}");
      expect(stack.variables.secret_password).toBe(testSecret("password"));
      expect(stack.sensitive).toContain("secret_password");
      expect(stack.outputs).toEqual(expect.arrayContaining(["username", "password", "database", "uri"]));
      assertNoRequestLiterals(stack);
    });
  });

  it("defaults every plan's volume within Trove's default max_accepted_volume_size (10 GB)", async () => {
    // trove/common/cfg.py: max_accepted_volume_size defaults to 10; a larger request fails at create.
    for (const { service, plan } of plans) {
      const { entry } = await synthesizeService({ service, plan });
      expect(entry.plan.defaults.volume_size, `${service}/${plan}`).toBeLessThanOrEqual(10);
      const schema = entry.plan.schemas.create as { properties: { volume_size: { description?: string } } };
      expect(schema.properties.volume_size.description, `${service}/${plan}`).toMatch(/max_accepted_volume_size/);
    }
  });

  it("names the missing volume_type setting", async () => {
    const { default: definition } = await import("./index.js");
    const { Testing, TerraformStack } = await import("cdktf");
    const ctx = {
      plan: {
        serviceId: "s",
        serviceName: "trove-mysql",
        id: "p",
        name: "small",
        settings: { datastore: "mysql", port: 3306, flavor: "m1.small" },
      },
      instanceId: "i",
      param: () => "x",
      secret: () => "x",
      output: () => undefined,
    };
    expect(() => definition.instance(new TerraformStack(Testing.app(), "t"), ctx)).toThrow(
      /settings\.volume_type must be a Cinder volume type name/,
    );
  });

  it("refuses parameters outside the plan's schema", async () => {
    await expect(
      synthesizeService({ service: "trove-mysql", plan: "small", parameters: { volume_size: 500 } }),
    ).rejects.toThrow(/parameters\.volume_size/);
  });

  it("keeps a hostile parameter out of the configuration", async () => {
    const database = '${file("/etc/passwd")}';
    const stack = await synthesizeService({
      service: "trove-postgresql",
      plan: "small",
      parameters: { network: database },
    });
    expect(stack.json()).not.toContain("/etc/passwd");
    expect(stack.variables.param_network).toBe(database);
  });

  describe("on the simulator", () => {
    const simulator = useTestSimulator({ beforeAll, afterAll });

    it.each(plans)(
      "$service/$plan: provision, bind, unbind, deprovision",
      async ({ service, plan }) => {
        const redis = service === "trove-redis";
        const keys = redis
          ? ["type", "provider", "host", "port", "uri"]
          : ["type", "provider", "host", "port", "database", "username", "password", "uri"];
        const result = await checkPlanOnSimulator({
          service,
          plan,
          env: simulator.env,
          cloud: simulator.cloud,
          credentialKeys: keys,
        });
        expect(result.instanceResources.map((r) => r.split(":")[0])).toEqual(["openstack_db_instance_v1"]);
        expect(result.bindingResources.map((r) => r.split(":")[0])).toEqual(redis ? [] : ["openstack_db_user_v1"]);
        if (!redis)
          expect(result.credentials?.uri).toMatch(
            /^(mysql|postgresql):\/\/u[0-9a-f]{15}:test-password-x+@[0-9.]+:\d+\/app$/,
          );
      },
      60_000,
    );

    it("shows that a plan change would replace the database (why Trove plans are not plan_updateable)", async () => {
      const update = await planUpdate({
        service: "trove-mysql",
        from: { plan: "small" },
        to: { plan: "medium" },
        env: simulator.env,
      });
      expect(update.destructive).toEqual(["openstack_db_instance_v1.db"]);
    }, 60_000);
  });
});
