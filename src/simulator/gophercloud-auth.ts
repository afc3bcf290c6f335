/**
 * How terraform's OpenStack provider turns a clouds.yaml entry (or its own settings) and the OS_*
 * environment into a Keystone token request: models of gophercloud/utils clientconfig `AuthOptions`
 * (`determineIdentityAPI`, `v2auth`, `v3auth`) and of gophercloud v2 `AuthOptions.ToTokenV3ScopeMap` /
 * `ToTokenV3CreateMap` (auth_options.go), whose errors keep their wording here.
 */
import { ClientConfigError, str, type GcCloud } from "./gophercloud-clouds.js";

/** gophercloud.AuthOptions: what the token request is built from. */
export interface TokenRequestOptions {
  readonly identityEndpoint: string;
  readonly tokenId: string;
  readonly username: string;
  readonly userId: string;
  readonly password: string;
  readonly tenantId: string;
  readonly tenantName: string;
  readonly domainId: string;
  readonly domainName: string;
  readonly applicationCredentialId: string;
  readonly applicationCredentialName: string;
  readonly applicationCredentialSecret: string;
  /** Absent for Keystone v2 options: the scope is then derived from the tenant. */
  readonly scope?: {
    readonly projectId: string;
    readonly projectName: string;
    readonly domainId: string;
    readonly domainName: string;
    readonly system: boolean;
  };
}

/** What Keystone is asked for: the method and the scope of the token. */
export interface TokenRequest {
  readonly method: "password" | "token" | "application_credential";
  readonly scope: "project" | "domain" | "system" | "unscoped";
}

type Env = Readonly<Record<string, string | undefined>>;

/** clientconfig.AuthOptions for `cloud` (the clouds.yaml entry, or the provider's own AuthInfo). */
export function authOptions(cloud: GcCloud, env: Env): TokenRequestOptions {
  const version = identityApi(cloud, env);
  if (version === "2.0" || version === "2") return v2(cloud, env);
  if (version === "3") return v3(cloud, env);
  throw new ClientConfigError("Unable to build AuthOptions");
}

function identityApi(cloud: GcCloud, env: Env): string {
  let version = env.OS_IDENTITY_API_VERSION || str(cloud.identity_api_version);
  const authUrl = str(auth(cloud).auth_url);
  if (version === "") {
    if (authUrl.includes("v2.0")) version = "2.0";
    if (authUrl.includes("v3")) version = "3";
  }
  const byType: Record<string, string> = {
    v2password: "2.0",
    v2token: "2.0",
    v3password: "3",
    v3token: "3",
    v3applicationcredential: "3",
  };
  return version || byType[str(cloud.auth_type)] || "3";
}

function auth(cloud: GcCloud): GcCloud {
  return typeof cloud.auth === "object" && !Array.isArray(cloud.auth) ? cloud.auth : {};
}

/** Each empty field takes its OS_* variable (the later of two variables wins, as in clientconfig). */
function withEnv(a: GcCloud, env: Env, fields: Readonly<Record<string, readonly string[]>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, names] of Object.entries(fields)) {
    out[field] = str(a[field]);
    if (out[field] === "") for (const name of names) if (env[name]) out[field] = env[name]!;
  }
  return out;
}

function v2(cloud: GcCloud, env: Env): TokenRequestOptions {
  const a = withEnv(auth(cloud), env, {
    auth_url: ["OS_AUTH_URL"],
    token: ["OS_TOKEN", "OS_AUTH_TOKEN"],
    username: ["OS_USERNAME"],
    password: ["OS_PASSWORD"],
    project_id: ["OS_TENANT_ID", "OS_PROJECT_ID"],
    project_name: ["OS_TENANT_NAME", "OS_PROJECT_NAME"],
  });
  return {
    ...empty(),
    identityEndpoint: a.auth_url,
    tokenId: a.token,
    username: a.username,
    password: a.password,
    tenantId: a.project_id,
    tenantName: a.project_name,
  };
}

function v3(cloud: GcCloud, env: Env): TokenRequestOptions {
  const a = withEnv(auth(cloud), env, {
    auth_url: ["OS_AUTH_URL"],
    token: ["OS_TOKEN", "OS_AUTH_TOKEN"],
    username: ["OS_USERNAME"],
    user_id: ["OS_USER_ID"],
    password: ["OS_PASSWORD"],
    project_id: ["OS_TENANT_ID", "OS_PROJECT_ID"],
    project_name: ["OS_TENANT_NAME", "OS_PROJECT_NAME"],
    domain_id: ["OS_DOMAIN_ID"],
    domain_name: ["OS_DOMAIN_NAME"],
    default_domain: ["OS_DEFAULT_DOMAIN"],
    project_domain_id: ["OS_PROJECT_DOMAIN_ID"],
    project_domain_name: ["OS_PROJECT_DOMAIN_NAME"],
    user_domain_id: ["OS_USER_DOMAIN_ID"],
    user_domain_name: ["OS_USER_DOMAIN_NAME"],
    application_credential_id: ["OS_APPLICATION_CREDENTIAL_ID"],
    application_credential_name: ["OS_APPLICATION_CREDENTIAL_NAME"],
    application_credential_secret: ["OS_APPLICATION_CREDENTIAL_SECRET"],
    system_scope: ["OS_SYSTEM_SCOPE"],
  });
  const scope = { projectId: "", projectName: "", domainId: "", domainName: "", system: false };
  const appCredential =
    a.application_credential_id !== "" ||
    a.application_credential_name !== "" ||
    a.application_credential_secret !== "";
  if (appCredential) defaultDomains(a);
  else if (a.project_id === "" && a.project_name === "") {
    if (a.domain_id !== "") scope.domainId = a.domain_id;
    else if (a.domain_name !== "") scope.domainName = a.domain_name;
    if (a.system_scope !== "") scope.system = true;
  } else {
    defaultDomains(a);
    if (a.project_id !== "") scope.projectId = a.project_id;
    else
      Object.assign(scope, {
        projectName: a.project_name,
        domainId: a.project_domain_id,
        domainName: a.project_domain_name,
      });
  }
  const isToken = str(cloud.auth_type).includes("token") || a.token !== "";
  if (a.auth_url === "") throw new ClientConfigError("Missing input for argument [auth_url]");
  return {
    identityEndpoint: a.auth_url,
    tokenId: a.token,
    // A token request carries no user (clientconfig clears it once every source is merged).
    username: isToken ? "" : a.username,
    userId: isToken ? "" : a.user_id,
    password: isToken ? "" : a.password,
    tenantId: a.project_id,
    tenantName: a.project_name,
    domainId: isToken ? "" : a.user_domain_id,
    domainName: isToken ? "" : a.user_domain_name,
    applicationCredentialId: a.application_credential_id,
    applicationCredentialName: a.application_credential_name,
    applicationCredentialSecret: a.application_credential_secret,
    scope,
  };
}

/** clientconfig `setDomainIfNeeded`: domain_* (then default_domain) stand in for the user's and project's. */
function defaultDomains(a: Record<string, string>): void {
  for (const kind of ["id", "name"] as const) {
    const domain = a[`domain_${kind}`];
    if (domain === "") continue;
    if (a[`user_domain_${kind}`] === "") a[`user_domain_${kind}`] = domain;
    if (a[`project_domain_${kind}`] === "") a[`project_domain_${kind}`] = domain;
    a[`domain_${kind}`] = "";
  }
  if (a.default_domain === "") return;
  if (a.user_domain_name === "" && a.user_domain_id === "") a.user_domain_id = a.default_domain;
  if (a.project_domain_name === "" && a.project_domain_id === "") a.project_domain_id = a.default_domain;
}

function empty(): TokenRequestOptions {
  return {
    identityEndpoint: "",
    tokenId: "",
    username: "",
    userId: "",
    password: "",
    tenantId: "",
    tenantName: "",
    domainId: "",
    domainName: "",
    applicationCredentialId: "",
    applicationCredentialName: "",
    applicationCredentialSecret: "",
  };
}

/**
 * gophercloud `tokens.Create`: the scope map, then the request body. Throws gophercloud's error when
 * either cannot be built (e.g. "You must provide a password to authenticate").
 */
export function tokenRequest(o: TokenRequestOptions): TokenRequest {
  const none = { projectId: "", projectName: "", domainId: "", domainName: "", system: false };
  const scope =
    o.scope ??
    (o.tenantId !== ""
      ? { ...none, projectId: o.tenantId }
      : o.tenantName !== ""
        ? { ...none, projectName: o.tenantName, domainId: o.domainId, domainName: o.domainName }
        : none);
  const scoped = scopeOf(scope);
  const method = methodOf(o);
  // An application credential's token is scoped to the credential's own project.
  return { scope: method === "application_credential" ? "project" : scoped, method };
}

function scopeOf(s: NonNullable<TokenRequestOptions["scope"]>): TokenRequest["scope"] {
  const fail = (message: string): never => {
    throw new ClientConfigError(message);
  };
  if (s.system) return "system";
  if (s.projectName !== "") {
    if (s.domainId === "" && s.domainName === "")
      fail("You must provide exactly one of DomainID or DomainName in a Scope with ProjectName");
    if (s.projectId !== "") fail("You must provide at most one of ProjectID or ProjectName in a Scope");
    return "project";
  }
  if (s.projectId !== "") {
    if (s.domainId !== "" || s.domainName !== "") fail("ProjectID must be supplied alone in a Scope");
    return "project";
  }
  if (s.domainId !== "" && s.domainName !== "")
    fail("You must provide exactly one of DomainID or DomainName in a Scope with ProjectName");
  return s.domainId !== "" || s.domainName !== "" ? "domain" : "unscoped";
}

function methodOf(o: TokenRequestOptions): TokenRequest["method"] {
  const fail = (message: string): never => {
    throw new ClientConfigError(message);
  };
  if (o.password === "") {
    if (o.tokenId !== "") {
      for (const [value, name] of [
        [o.username, "Username"],
        [o.userId, "UserID"],
        [o.domainId, "DomainID"],
        [o.domainName, "DomainName"],
      ]) {
        if (value !== "") fail(`${name} may not be provided when authenticating with a TokenID`);
      }
      return "token";
    }
    if (o.applicationCredentialId !== "" || o.applicationCredentialName !== "") {
      if (o.applicationCredentialSecret === "") fail("You must provide an Application Credential Secret");
      if (o.applicationCredentialId === "" && o.userId === "") {
        if (o.username === "") fail("Exactly one of Username and UserID must be provided for password authentication");
        if (o.domainId === "" && o.domainName === "")
          fail("You must provide exactly one of DomainID or DomainName to authenticate by Username");
      }
      return "application_credential";
    }
    return fail("You must provide a password to authenticate");
  }
  if (o.username === "" && o.userId === "")
    fail("Exactly one of Username and UserID must be provided for password authentication");
  if (o.username !== "") {
    if (o.userId !== "") fail("Exactly one of Username and UserID must be provided for password authentication");
    if ((o.domainId === "") === (o.domainName === ""))
      fail("You must provide exactly one of DomainID or DomainName to authenticate by Username");
  } else {
    if (o.domainId !== "") fail("DomainID may not be provided when authenticating with a UserID");
    if (o.domainName !== "") fail("DomainName may not be provided when authenticating with a UserID");
  }
  return "password";
}
