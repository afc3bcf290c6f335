import { IdentityApplicationCredentialV3 } from "../../gen/providers/openstack/identity-application-credential-v3/index.js";
import { defineService } from "../../src/synth/service-definition.js";
import { outputApplicationCredential } from "../_lib/application-credential.js";
import { projectScope, serviceEndpoint, serviceRegion } from "../_lib/endpoints.js";
import { bindingResourceName, requireSetting } from "../_lib/names.js";

const isRoleList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length > 0 && value.every((role) => typeof role === "string" && role.length > 0);

/**
 * "Project access": for apps that call OpenStack APIs themselves. The instance creates nothing (it
 * names the project and region); each binding is a Keystone application credential of the broker's
 * project with the plan's roles (setting `roles`, e.g. `[member]` or `[reader]`), unable to create
 * further credentials (`unrestricted: false`). Bind parameter `expires_at` (RFC 3339, optional),
 * or the plan's `binding_lifetime` (then `metadata.expires_at` in bind and GET binding).
 */
export default defineService({
  providers: ["openstack"],
  credentials: ["type", "provider", "project_id", "project_name", "region"],
  // The credential expires at the binding value expires_at (a plan's binding_lifetime, or the request's).
  bindingsExpire: true,
  instance(scope, ctx) {
    requireSetting(ctx, "roles", isRoleList, "a non-empty list of Keystone role names");
    const project = projectScope(scope);
    ctx.output("type", "openstack");
    ctx.output("provider", "openstack-keystone");
    ctx.output("project_id", project.projectId);
    ctx.output("project_name", project.projectName);
    ctx.output("region", serviceRegion(scope, "identity"));
    ctx.output("auth_url", serviceEndpoint(scope, "identity"));
  },
  binding(scope, ctx) {
    const roles = requireSetting(ctx, "roles", isRoleList, "a non-empty list of Keystone role names");
    const credential = new IdentityApplicationCredentialV3(scope, "credential", {
      name: bindingResourceName(ctx),
      description: "Open Service Broker binding: project access",
      roles,
      unrestricted: false,
      expiresAt: ctx.param("expires_at"),
    });
    outputApplicationCredential(scope, ctx, credential);
  },
});
