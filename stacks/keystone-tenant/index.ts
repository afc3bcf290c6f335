import { DataOpenstackIdentityRoleV3 } from "../../gen/providers/openstack/data-openstack-identity-role-v3/index.js";
import { IdentityApplicationCredentialV3 } from "../../gen/providers/openstack/identity-application-credential-v3/index.js";
import { IdentityProjectV3 } from "../../gen/providers/openstack/identity-project-v3/index.js";
import { IdentityRoleAssignmentV3 } from "../../gen/providers/openstack/identity-role-assignment-v3/index.js";
import { IdentityUserV3 } from "../../gen/providers/openstack/identity-user-v3/index.js";
import { OpenstackProvider } from "../../gen/providers/openstack/provider/index.js";
import { defineService, type StackContext } from "../../src/synth/service-definition.js";
import { outputApplicationCredential } from "../_lib/application-credential.js";
import { serviceEndpoint, serviceRegion } from "../_lib/endpoints.js";
import { bindingResourceName, instanceResourceName, requireSetting } from "../_lib/names.js";

const isRoleList = (value: unknown): value is string[] =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((role) => typeof role === "string" && /^[a-z_-]+$/.test(role));
/** Plan setting `roles`: the Keystone roles the application's user holds on its project. */
const rolesOf = (ctx: StackContext) =>
  requireSetting(ctx, "roles", isRoleList, "a non-empty list of Keystone role names");

/**
 * Tenant per application: each instance is a Keystone project of its own (`osb-<instance id>`, in
 * the broker's domain) with a dedicated user (same name, a broker-generated password) holding the
 * plan's roles (setting `roles`, e.g. `[member]`) on it, and nothing else. Each binding is an
 * application credential of that user, scoped to that project (`unrestricted: false`, the plan's
 * roles), so the application works in its own project and sees no other.
 *
 * The provider creates an application credential for the token's user and project (it has no
 * project argument), so the binding stack logs in as the instance's user through a second,
 * aliased provider (`openstack.tenant`) with an explicit password login to the new project;
 * the user's name, domain and password reach it as (sensitive) instance outputs, never as
 * credentials. Bind parameter `expires_at` (RFC 3339, optional), or the plan's `binding_lifetime`.
 */
export default defineService({
  providers: ["openstack"],
  credentials: ["type", "provider", "project_id", "project_name", "region"],
  secrets: { instance: ["user_password"] },
  bindingsExpire: true,
  instance(scope, ctx) {
    const roles = rolesOf(ctx);
    const project = new IdentityProjectV3(scope, "project", {
      name: instanceResourceName(ctx),
      description: "Open Service Broker instance: a project per application",
      enabled: true,
    });
    const user = new IdentityUserV3(scope, "user", {
      name: instanceResourceName(ctx),
      description: "Open Service Broker instance: the application's user",
      password: ctx.secret("user_password"),
      defaultProjectId: project.id,
      domainId: project.domainId,
    });
    for (const role of roles) {
      const found = new DataOpenstackIdentityRoleV3(scope, `role-${role}`, { name: role });
      new IdentityRoleAssignmentV3(scope, `assignment-${role}`, {
        projectId: project.id,
        userId: user.id,
        roleId: found.id,
      });
    }
    ctx.output("type", "openstack");
    ctx.output("provider", "openstack-keystone");
    ctx.output("project_id", project.id);
    ctx.output("project_name", project.name);
    ctx.output("region", serviceRegion(scope, "identity"));
    ctx.output("auth_url", serviceEndpoint(scope, "identity"));
    // For the binding's login only (not in `credentials`): the application never sees them.
    ctx.output("user_name", user.name);
    ctx.output("user_domain_id", user.domainId);
    ctx.output("user_password", user.password, { sensitive: true });
  },
  binding(scope, ctx) {
    const tenant = new OpenstackProvider(scope, "tenant", {
      alias: "tenant",
      authUrl: ctx.instanceOutput("auth_url"),
      userName: ctx.instanceOutput("user_name"),
      userDomainId: ctx.instanceOutput("user_domain_id"),
      password: ctx.instanceOutput("user_password"),
      tenantId: ctx.instanceOutput("project_id"),
      region: ctx.instanceOutput("region"),
    });
    const credential = new IdentityApplicationCredentialV3(scope, "credential", {
      provider: tenant,
      name: bindingResourceName(ctx),
      description: "Open Service Broker binding: the application's own project",
      roles: rolesOf(ctx),
      unrestricted: false,
      expiresAt: ctx.param("expires_at"),
    });
    outputApplicationCredential(scope, ctx, credential);
  },
});
