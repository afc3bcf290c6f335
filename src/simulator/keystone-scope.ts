/**
 * Keystone's password login for the users the simulated cloud holds (openstack_identity_user_v3
 * created by a stack): `POST /v3/auth/tokens` with method `password`, scoped to a project. The
 * broker's own identity is not such a user: a login naming neither a held user nor a held project
 * is the broker's, as before (provider-auth.ts).
 */
import { SimulatedApiError } from "./api-errors.js";
import type { CloudResource, CloudStore } from "./cloud-store.js";
import { KEYSTONE_UNAUTHORIZED } from "./credential-check.js";
import { roleNameOf } from "./keystone-roles.js";
import { isUnknown, type TfObject } from "./msgpack-values.js";
import { verifierOf } from "./sensitive-values.js";
import type { TokenScope } from "./provider-session.js";
import { unexpectedResponse } from "./service-errors.js";

export type { TokenScope };

const setting = (block: TfObject, name: string) => {
  const value = block[name];
  return typeof value === "string" && value !== "" && !isUnknown(value) ? value : undefined;
};
const domainOf = (resource: CloudResource) => String(resource.state.domain_id ?? "default");

/**
 * The scope of a password login the provider block names (`user_name`, `password`, `tenant_id` or
 * `tenant_name`, `user_domain_name`/`_id`; no `cloud`), when it names a user or a project this cloud
 * holds; undefined otherwise (the broker's identity). MUST refuse, with Keystone's 401 as the
 * provider reports it, an unknown user, a wrong password, a disabled user or project, and a project
 * where the user has no role assignment (Keystone hides which of them it was).
 */
export async function passwordScope(store: CloudStore, block: TfObject): Promise<TokenScope | undefined> {
  const userName = setting(block, "user_name");
  const password = setting(block, "password");
  if (setting(block, "cloud") !== undefined || userName === undefined || password === undefined) return undefined;
  const userDomain =
    setting(block, "user_domain_id") ?? (setting(block, "user_domain_name") ?? "Default").toLowerCase();
  const projectId = setting(block, "tenant_id");
  const projectName = setting(block, "tenant_name");
  const users = (await store.list("openstack_identity_user_v3")).filter(
    (r) => r.state.name === userName && domainOf(r) === userDomain,
  );
  const projects = (await store.list("openstack_identity_project_v3")).filter(
    (r) => r.id === projectId || (projectId === undefined && r.state.name === projectName),
  );
  if (users.length === 0 && projects.length === 0) return undefined;
  const user = users[0];
  const project = projects[0];
  if (user === undefined || project === undefined) throw unauthorized();
  if (user.verifiers?.password !== verifierOf(password)) throw unauthorized();
  if (user.state.enabled === false || project.state.enabled === false) throw unauthorized();
  const assignments = (await store.list("openstack_identity_role_assignment_v3")).filter(
    (r) => r.state.user_id === user.id && r.state.project_id === project.id,
  );
  const roles = assignments.map((r) => roleNameOf(String(r.state.role_id))).filter((n): n is string => !!n);
  if (roles.length === 0) throw unauthorized();
  return { projectId: project.id, userId: user.id, roles: [...new Set(roles)].sort() };
}

/**
 * The real provider (delayed_auth, its default) authenticates at the first API call and reports the
 * refusal there ("Error creating OpenStack identity client: ..."); the simulator reports it at
 * ConfigureProvider, as it does for the provider's other authentication errors.
 */
function unauthorized(): SimulatedApiError {
  return new SimulatedApiError(
    `Error creating OpenStack identity client: ${unexpectedResponse({
      method: "POST",
      service: "identity",
      path: "/auth/tokens",
      expected: [201],
      status: 401,
      body: KEYSTONE_UNAUTHORIZED,
    })}`,
  );
}
