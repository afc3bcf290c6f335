import type { CloudAuth, CloudConfig } from "./cloud-config.js";

/** What terraform's OpenStack provider is given for one cloud (see {@link terraformCloud}). */
export interface TerraformCloud {
  /** Provider block settings: `cloud`, `endpoint_type`, `region` — operator configuration, never a secret. */
  readonly provider: Readonly<Record<string, string>>;
  /**
   * Files for the run's working directory, holding secrets: `clouds.yaml` (the one resolved entry) and
   * `secure.yaml` (empty). MUST be written private (0600) and removed when terraform ends.
   */
  readonly files: Readonly<Record<string, string>>;
}

/**
 * The cloud the broker resolved (openstacksdk's rules, secure.yaml merged), in the form terraform's
 * provider reads exactly as the broker does. The provider reads clouds.yaml through gophercloud's
 * clientconfig (gophercloud/utils openstack/clientconfig, from terraform-provider-openstack/utils
 * auth/config.go `LoadAndValidate`), which differs from openstacksdk, so the run gets:
 * - `clouds.yaml` in terraform's working directory (the first place clientconfig looks once
 *   OS_CLIENT_CONFIG_FILE is blank) with this one entry, flattened: the secrets merged in (clientconfig
 *   ignores OS_CLIENT_SECURE_FILE), one `region_name` and no `regions`, `project_*` for `tenant_*`
 *   (unknown to clientconfig), exactly one of each id/name pair (gophercloud refuses a user domain given
 *   both ways, and a domain next to user_id; keystoneauth prefers the id), absolute TLS paths, Keystone v3;
 * - `secure.yaml` there too, with no clouds: it shadows ~/.config/openstack/secure.yaml and
 *   /etc/openstack/secure.yaml, which clientconfig would otherwise merge over the entry;
 * - `endpoint_type` in the provider block: the provider ignores clouds.yaml's `interface`;
 * - `region` in the provider block too, so the provider's region is the broker's even where it cannot
 *   read the file (the simulator's reattach mode).
 */
export function terraformCloud(cloud: CloudConfig): TerraformCloud {
  const entry = compact({
    auth_type: AUTH_TYPE[cloud.auth.type],
    auth: authOf(cloud.auth),
    identity_api_version: "3",
    region_name: cloud.regionName,
    interface: cloud.interface,
    verify: cloud.verify,
    cacert: cloud.cacert,
    cert: cloud.clientCert,
    key: cloud.clientCert === undefined ? undefined : (cloud.clientKey ?? cloud.clientCert),
  });
  return {
    provider: {
      cloud: cloud.name,
      endpoint_type: cloud.interface,
      ...(cloud.regionName === undefined ? {} : { region: literal(cloud.regionName) }),
    },
    files: {
      "clouds.yaml": `${JSON.stringify({ clouds: { [cloud.name]: entry } }, null, 2)}\n`,
      "secure.yaml": `${JSON.stringify({ clouds: {} })}\n`,
    },
  };
}

const AUTH_TYPE: Record<CloudAuth["type"], string> = {
  password: "v3password",
  v3applicationcredential: "v3applicationcredential",
  token: "v3token",
};

function authOf(auth: CloudAuth): Record<string, string | undefined> {
  const url = { auth_url: auth.authUrl };
  if (auth.type === "password")
    return compact({ ...url, ...userOf(auth), password: auth.password, ...projectOf(auth) });
  if (auth.type === "token") return compact({ ...url, token: auth.token, ...projectOf(auth) });
  const credential =
    auth.applicationCredentialId !== undefined
      ? { application_credential_id: auth.applicationCredentialId }
      : { application_credential_name: auth.applicationCredentialName, ...userOf(auth) };
  return compact({ ...url, ...credential, application_credential_secret: auth.applicationCredentialSecret });
}

type User = {
  readonly username?: string;
  readonly userId?: string;
  readonly userDomainId?: string;
  readonly userDomainName?: string;
};
type Project = {
  readonly projectName?: string;
  readonly projectId?: string;
  readonly projectDomainId?: string;
  readonly projectDomainName?: string;
};

function userOf(user: User): Record<string, string | undefined> {
  if (user.userId !== undefined) return { user_id: user.userId };
  return user.userDomainId !== undefined
    ? { username: user.username, user_domain_id: user.userDomainId }
    : { username: user.username, user_domain_name: user.userDomainName };
}

function projectOf(project: Project): Record<string, string | undefined> {
  if (project.projectId !== undefined) return { project_id: project.projectId };
  return project.projectDomainId !== undefined
    ? { project_name: project.projectName, project_domain_id: project.projectDomainId }
    : { project_name: project.projectName, project_domain_name: project.projectDomainName };
}

/** A value terraform reads literally from cdk.tf.json: `${` and `%{` would start a template. */
function literal(value: string): string {
  return value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
