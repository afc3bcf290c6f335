import type { CloudResource, CloudStore } from "./cloud-store.js";
import { verifierOf } from "./sensitive-values.js";

/** What an application presents: the credentials a binding handed out (keys as the stacks name them). */
export type PresentedCredentials = Readonly<Record<string, unknown>>;

/** The cloud's answer to a login with a binding's credentials. */
export interface CredentialCheck {
  /** The service that checked: Keystone (application or EC2 credential) or the Trove database. */
  readonly service: "identity" | "database";
  readonly accepted: boolean;
  /** Keystone's HTTP status (201 token issued, 401); absent for a database login. */
  readonly status?: number;
  /** Why it was refused, in the service's words. */
  readonly error?: string;
}

/**
 * Keystone answers every failed authentication, whatever the reason (unknown id, wrong secret,
 * expired), with the same 401 and body: keystone/exception.py `Unauthorized`, raised by the
 * application credential auth plugin, which hides the reason from the caller.
 */
export const KEYSTONE_UNAUTHORIZED = {
  error: { code: 401, message: "The request you have made requires authentication.", title: "Unauthorized" },
} as const;

const refusedByKeystone: CredentialCheck = {
  service: "identity",
  accepted: false,
  status: 401,
  error: JSON.stringify(KEYSTONE_UNAUTHORIZED),
};
const tokenIssued: CredentialCheck = { service: "identity", accepted: true, status: 201 };

const text = (value: unknown) => (typeof value === "string" ? value : undefined);
/** The presented secret matches what the cloud keeps of the resource's sensitive attribute `name`. */
const matches = (resource: CloudResource, name: string, presented: unknown) =>
  typeof presented === "string" && resource.verifiers?.[name] === verifierOf(presented);

/**
 * Authenticates with a binding's credentials against the simulated cloud at `now` (default: the
 * clock), as the application would:
 * - `application_credential_id` + `_secret`: Keystone `POST /v3/auth/tokens` with method
 *   `application_credential`. MUST refuse (401) an unknown id, a wrong secret, and a credential whose
 *   `expires_at` has passed (keystone/application_credential/core.py refuses an expired one);
 * - `access_key_id` + `secret_access_key`: Keystone `POST /v3/ec2tokens` (EC2 credentials never expire);
 * - `username` + `password` (a Trove database user): the datastore's login, refused when the user
 *   or its instance is gone or the password differs.
 */
export async function checkCredentials(
  store: CloudStore,
  credentials: PresentedCredentials,
  now: number = Date.now(),
): Promise<CredentialCheck> {
  const appId = text(credentials.application_credential_id);
  if (appId !== undefined) {
    const found = await store.get("openstack_identity_application_credential_v3", appId);
    if (found === undefined || !matches(found, "secret", credentials.application_credential_secret))
      return refusedByKeystone;
    const expires = text(found.state.expires_at);
    if (expires !== undefined && expires !== "" && Date.parse(expires) <= now) return refusedByKeystone;
    return tokenIssued;
  }
  const access = text(credentials.access_key_id);
  if (access !== undefined) {
    const all = await store.list("openstack_identity_ec2_credential_v3");
    const found = all.find((r) => r.state.access === access);
    return found !== undefined && matches(found, "secret", credentials.secret_access_key)
      ? tokenIssued
      : refusedByKeystone;
  }
  const username = text(credentials.username);
  if (username !== undefined) {
    const users = await store.list("openstack_db_user_v1");
    const user = users.find((r) => r.state.name === username);
    const instance = user && (await store.get("openstack_db_instance_v1", String(user.state.instance_id)));
    if (user === undefined || instance === undefined || !matches(user, "password", credentials.password))
      return {
        service: "database",
        accepted: false,
        error: `Access denied for user '${username}' (using password: YES)`,
      };
    return { service: "database", accepted: true };
  }
  throw new Error("checkCredentials: no application credential, EC2 credential or database user in these credentials");
}
