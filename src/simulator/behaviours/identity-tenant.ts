import { keystoneId } from "../ids.js";
import { setIfUnknown, str, type ResourceBehaviour } from "./types.js";

/**
 * openstack_identity_project_v3 (Keystone): id `uuid4().hex`; without `domain_id` the project joins
 * the token's domain (the simulated broker's: `default`), and its `parent_id` is that domain.
 */
export const identityProject: ResourceBehaviour = {
  id: () => keystoneId(),
  fill(state) {
    setIfUnknown(state, "domain_id", "default");
    setIfUnknown(state, "parent_id", str(state, "domain_id") ?? "default");
  },
};

/**
 * openstack_identity_user_v3 (Keystone): id `uuid4().hex`, the token's domain when none is given, no
 * default project unless set. The password is sensitive: the cloud keeps only its verifier
 * (sensitive-values.ts), against which keystone-scope.ts checks a login.
 */
export const identityUser: ResourceBehaviour = {
  id: () => keystoneId(),
  fill(state) {
    setIfUnknown(state, "domain_id", "default");
    setIfUnknown(state, "default_project_id", "");
  },
};

/**
 * openstack_identity_role_assignment_v3: the provider's id is
 * `domainID/projectID/groupID/userID/roleID` (identity_role_assignment_v3.go identityRoleAssignmentV3ID).
 */
export const identityRoleAssignment: ResourceBehaviour = {
  id: (state) =>
    ["domain_id", "project_id", "group_id", "user_id", "role_id"].map((name) => str(state, name) ?? "").join("/"),
};
