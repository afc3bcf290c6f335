import { describe, expect } from "vitest";
import { simulatorTest, type TestSimulator } from "../../../test/helpers/simulator-harness.js";
import { PROJECT_ID } from "../generic-fill.js";
import { roleId } from "../keystone-roles.js";

const PASSWORD = "Tenant-pass-0123456789abcdefghij";
/** A project with a user; `assign`: the user gets the member role on it. */
const tenant = (assign: boolean) => ({
  provider: { openstack: [{}] },
  data: { openstack_identity_role_v3: { member: { name: "member" } } },
  resource: {
    openstack_identity_project_v3: { app: { name: "osb-app-1" } },
    openstack_identity_user_v3: {
      app: { name: "osb-app-1", password: PASSWORD, default_project_id: "${openstack_identity_project_v3.app.id}" },
    },
    ...(assign
      ? {
          openstack_identity_role_assignment_v3: {
            member: {
              project_id: "${openstack_identity_project_v3.app.id}",
              user_id: "${openstack_identity_user_v3.app.id}",
              role_id: "${data.openstack_identity_role_v3.member.id}",
            },
          },
        }
      : {}),
  },
  output: { project_id: { value: "${openstack_identity_project_v3.app.id}" } },
});
/** Two application credentials: one by the broker's default provider, one by the aliased provider logged in as the user. */
const credentials = (projectId: string, password: string) => ({
  provider: {
    openstack: [
      {},
      {
        alias: "tenant",
        auth_url: "https://keystone.openstack.simulator:5000/v3",
        user_name: "osb-app-1",
        password,
        tenant_id: projectId,
        user_domain_name: "Default",
      },
    ],
  },
  resource: {
    openstack_identity_application_credential_v3: {
      broker: { name: "broker-cred" },
      app: { name: "app-cred", unrestricted: false, provider: "openstack.tenant" },
    },
  },
  output: {
    broker_project: { value: "${openstack_identity_application_credential_v3.broker.project_id}" },
    app_project: { value: "${openstack_identity_application_credential_v3.app.project_id}" },
    app_roles: { value: "${openstack_identity_application_credential_v3.app.roles}" },
  },
});
const KEYSTONE_401 =
  "Error creating OpenStack identity client: Expected HTTP response code [201] when accessing " +
  "[POST https://keystone.openstack.simulator:5000/v3/auth/tokens], but got 401 instead: " +
  '{"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}}';

async function apply(simulator: TestSimulator, stack: Record<string, unknown>) {
  const dir = await simulator.workdir(stack);
  expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
  const run = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
  const outputs = JSON.parse((await simulator.terraform(dir, "output", "-json")).stdout) as Record<
    string,
    { value: unknown }
  >;
  return { run, outputs };
}

describe("Keystone: a provider logged in as a user the cloud holds is scoped to its project", () => {
  simulatorTest("an aliased provider's application credential belongs to the new project", async ({ simulator }) => {
    const made = await apply(simulator, tenant(true));
    expect(made.run.stderr).toBe("");
    const projectId = String(made.outputs.project_id.value);
    expect(projectId).toMatch(/^[0-9a-f]{32}$/);
    const [assignment] = await simulator.cloud.list("openstack_identity_role_assignment_v3");
    expect(assignment?.id).toBe(
      `/${projectId}//${(await simulator.cloud.list("openstack_identity_user_v3"))[0]?.id}/${roleId("member")}`,
    );

    const bound = await apply(simulator, credentials(projectId, PASSWORD));
    expect(bound.run.stderr).toBe("");
    // MUST: each provider block is its own instance, even over one reattached server.
    expect(bound.outputs.broker_project.value).toBe(PROJECT_ID);
    expect(bound.outputs.app_project.value).toBe(projectId);
    expect(bound.outputs.app_roles.value).toEqual(["member"]);
  });

  simulatorTest(
    "the user's password login is not the broker's restricted application credential",
    async ({ simulator }) => {
      const made = await apply(simulator, tenant(true));
      await simulator.cloud.setServiceRules({ identity: { authType: "restricted_application_credential" } });
      const stack = credentials(String(made.outputs.project_id.value), PASSWORD);
      const { broker: _refused, ...onlyApp } = stack.resource.openstack_identity_application_credential_v3;
      const bound = await apply(simulator, {
        ...stack,
        resource: { openstack_identity_application_credential_v3: onlyApp },
        output: { app_project: stack.output.app_project },
      });
      expect(bound.run.stderr).toBe("");
      expect(bound.outputs.app_project.value).toBe(made.outputs.project_id.value);
    },
  );

  simulatorTest("a wrong password is Keystone's 401 and creates nothing", async ({ simulator }) => {
    const made = await apply(simulator, tenant(true));
    const bound = await apply(simulator, credentials(String(made.outputs.project_id.value), `${PASSWORD}-wrong`));
    expect(bound.run.exitCode).toBe(1);
    expect(bound.run.stderr).toContain(KEYSTONE_401);
    expect(await simulator.cloud.list("openstack_identity_application_credential_v3")).toEqual([]);
  });

  simulatorTest("a user without a role on the project gets Keystone's 401", async ({ simulator }) => {
    const made = await apply(simulator, tenant(false));
    const bound = await apply(simulator, credentials(String(made.outputs.project_id.value), PASSWORD));
    expect(bound.run.exitCode).toBe(1);
    expect(bound.run.stderr).toContain(KEYSTONE_401);
    expect(await simulator.cloud.list("openstack_identity_application_credential_v3")).toEqual([]);
  });
});
