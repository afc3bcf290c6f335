import { randomBytes } from "node:crypto";
import { SimulatedApiError } from "../api-errors.js";
import { BROKER_USER_ID, PROJECT_ID } from "../generic-fill.js";
import { keystoneId } from "../ids.js";
import { DEFAULT_OK_CODES, unexpectedResponse } from "../service-errors.js";
import { setIfUnknown, type CheckContext, type ResourceBehaviour } from "./types.js";

const APP_CRED_TYPE = "openstack_identity_application_credential_v3";

/**
 * Keystone refuses to create or delete an application credential when the caller's token comes
 * from a restricted application credential: keystone/api/users.py
 * `_check_unrestricted_application_credential` raises ForbiddenAction (403), whose message_format
 * ("You are not authorized to perform the requested action: %(action)s.") adds a second period.
 * EC2 credentials and everything else are not restricted this way (users.py creates OS-EC2
 * credentials without the check); trusts are, but no stack creates one.
 */
function refuseRestricted(context: CheckContext, state: { id?: unknown }): void {
  if (context.authType !== "restricted_application_credential") return;
  if (context.operation !== "create" && context.operation !== "delete") return;
  const action =
    "Using method 'application_credential' is not allowed for managing additional application credentials.";
  const body = {
    error: {
      code: 403,
      message: `You are not authorized to perform the requested action: ${action}.`,
      title: "Forbidden",
    },
  };
  const base = `/users/${context.scope?.userId ?? BROKER_USER_ID}/application_credentials`;
  // resource_openstack_identity_application_credential_v3.go: Create wraps with "Error creating ...: %s";
  // Delete goes through CheckDeleted ("Error deleting ... <id>: %w"). gophercloud: Create OkCodes [201].
  if (context.operation === "create") {
    throw new SimulatedApiError(
      `Error creating ${APP_CRED_TYPE}: ${unexpectedResponse({
        method: "POST",
        service: "identity",
        path: base,
        expected: [201],
        status: 403,
        body,
      })}`,
    );
  }
  const id = String(state.id);
  throw new SimulatedApiError(
    `Error deleting ${APP_CRED_TYPE} ${id}: ${unexpectedResponse({
      method: "DELETE",
      service: "identity",
      path: `${base}/${id}`,
      expected: DEFAULT_OK_CODES.DELETE,
      status: 403,
      body,
    })}`,
  );
}

/**
 * openstack_identity_application_credential_v3 (Keystone): id `uuid4().hex`, a secret like
 * `_generate_secret` (64 random bytes, url-safe base64 without padding: 86 characters), the token's
 * roles and project (the provider has no project argument: the credential belongs to the token's
 * user and project, the broker's unless the provider logged in as a held user: keystone-scope.ts);
 * refused for a restricted application credential caller.
 */
export const applicationCredential: ResourceBehaviour = {
  id: () => keystoneId(),
  check: (state, context) => refuseRestricted(context, state),
  fill(state, context) {
    setIfUnknown(state, "secret", randomBytes(64).toString("base64url"));
    setIfUnknown(state, "roles", context.scope ? [...context.scope.roles] : ["member", "reader"]);
    setIfUnknown(state, "project_id", context.scope?.projectId ?? PROJECT_ID);
  },
};

/**
 * openstack_identity_ec2_credential_v3 (Keystone OS-EC2): `access` and `secret` are both
 * `uuid.uuid4().hex` (users.py `UserOSEC2CredentialsResourceListCreate.post`); the provider's id is
 * the access key.
 */
export const ec2Credential: ResourceBehaviour = {
  id: () => keystoneId(),
  fill(state, context) {
    setIfUnknown(state, "access", context.id);
    setIfUnknown(state, "secret", keystoneId());
    setIfUnknown(state, "trust_id", "");
    setIfUnknown(state, "user_id", BROKER_USER_ID);
    setIfUnknown(state, "project_id", PROJECT_ID);
  },
};
