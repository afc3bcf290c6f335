import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertNoRequestLiterals,
  catalogPlansForStack,
  checkPlanOnSimulator,
  runServiceLifecycle,
  synthesizeService,
  useTestSimulator,
} from "../../src/testing/index.js";
import { checkCredentials } from "../../src/simulator/credential-check.js";

const plans = await catalogPlansForStack("keystone-tenant");
const instanceOutputs = {
  type: "openstack",
  provider: "openstack-keystone",
  project_id: "p-1",
  project_name: "osb-i",
  region: "RegionOne",
  auth_url: "https://keystone.example/v3",
  user_name: "osb-i",
  user_domain_id: "default",
  user_password: "never-in-config",
};
const KEYS = [
  "type",
  "provider",
  "project_id",
  "project_name",
  "region",
  "auth_url",
  "auth_type",
  "application_credential_id",
  "application_credential_secret",
];

describe("keystone-tenant", () => {
  it("offers the member and member-rotating plans", () => {
    expect(plans.map((p) => p.plan)).toEqual(["member", "member-rotating"]);
  });

  describe.each(plans)("$service/$plan", ({ service, plan }) => {
    it("synthesizes a project, a user with the plan's roles, and a credential through the aliased provider", async () => {
      const instance = await synthesizeService({ service, plan });
      expect(instance.config).toMatchSnapshot("instance");
      expect(instance.resource("openstack_identity_project_v3")).toMatchObject({ name: "osb-${var.instance_id}" });
      expect(instance.resource("openstack_identity_user_v3")).toMatchObject({
        password: "${var.secret_user_password}",
      });
      expect(instance.resource("openstack_identity_role_assignment_v3")).toMatchObject({
        project_id: "${openstack_identity_project_v3.project.id}",
        user_id: "${openstack_identity_user_v3.user.id}",
      });
      expect(instance.sensitive).toEqual(["secret_user_password"]);
      assertNoRequestLiterals(instance);

      const binding = await synthesizeService({ service, plan, kind: "binding", instanceOutputs });
      expect(binding.config).toMatchSnapshot("binding");
      const providers = (binding.config.provider as { openstack: Record<string, unknown>[] }).openstack;
      expect(providers).toHaveLength(2);
      expect(providers[1]).toMatchObject({
        alias: "tenant",
        user_name: "${var.instance_output_user_name}",
        password: "${var.instance_output_user_password}",
        tenant_id: "${var.instance_output_project_id}",
      });
      expect(providers[1]).not.toHaveProperty("cloud");
      expect(JSON.stringify(binding.config)).not.toContain("never-in-config");
      expect(binding.resource("openstack_identity_application_credential_v3")).toMatchObject({
        provider: "openstack.tenant",
        roles: ["member"],
        unrestricted: false,
      });
      assertNoRequestLiterals(binding);
    });
  });

  it("refuses an unknown create parameter, naming it", async () => {
    await expect(
      synthesizeService({ service: "keystone-tenant", plan: "member", parameters: { quota: 5 } }),
    ).rejects.toThrow(/quota/);
  });

  describe("on the simulator", () => {
    const simulator = useTestSimulator({ beforeAll, afterAll });

    it.each(plans)(
      "$service/$plan: provision, bind (a credential of the new project), unbind, deprovision",
      async ({ service, plan }) => {
        const result = await checkPlanOnSimulator({
          service,
          plan,
          env: simulator.env,
          cloud: simulator.cloud,
          credentialKeys: KEYS,
        });
        expect(result.instanceResources.map((r) => r.split(":")[0]).sort()).toEqual([
          "openstack_identity_project_v3",
          "openstack_identity_role_assignment_v3",
          "openstack_identity_user_v3",
        ]);
        expect(result.bindingResources.map((r) => r.split(":")[0])).toEqual([
          "openstack_identity_application_credential_v3",
        ]);
        const projectId = result.instanceResources.find((r) => r.startsWith("openstack_identity_project_v3:"));
        expect(result.credentials?.project_id).toBe(projectId?.split(":")[1]);
        expect(Object.keys(result.credentials ?? {})).not.toContain("user_password");
      },
      60_000,
    );

    it("keystone-tenant/member: the bound credential belongs to the instance's user and project, and logs in", async () => {
      let seen: { projectId?: unknown; userId?: unknown; login?: unknown } = {};
      await runServiceLifecycle({
        service: "keystone-tenant",
        plan: "member",
        env: simulator.env,
        onBound: async (credentials) => {
          const [credential] = await simulator.cloud.list("openstack_identity_application_credential_v3");
          const [user] = await simulator.cloud.list("openstack_identity_user_v3");
          seen = {
            projectId: credential?.state.project_id === credentials.project_id,
            userId: user?.id,
            login: (await checkCredentials(simulator.cloud.store, credentials)).accepted,
          };
        },
      });
      expect(seen).toMatchObject({ projectId: true, login: true });
      expect(seen.userId).toMatch(/^[0-9a-f]{32}$/);
    }, 60_000);
  });
});
