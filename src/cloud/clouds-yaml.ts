import { homedir } from "node:os";
import {
  CloudConfigError,
  type CloudFileSearchOptions,
  findCloudsFile,
  findSecureFile,
  isMapping,
  mergeConfig,
  readConfigFile,
} from "./cloud-files.js";
import { FieldReader } from "./cloud-field-reader.js";
import { selectRegion } from "./cloud-regions.js";
import { tlsFiles } from "./cloud-tls-files.js";

export { CloudConfigError } from "./cloud-files.js";
export type { CloudAuth, CloudConfig } from "./cloud-config.js";
import type { CloudAuth, CloudConfig } from "./cloud-config.js";

/** Options of {@link loadCloudConfig}. */
export interface LoadCloudOptions extends CloudFileSearchOptions {
  /** The cloud's name; default `OS_CLOUD`, else the only entry when there is exactly one. */
  readonly cloud?: string;
}

const AUTH_TYPES: Record<string, CloudAuth["type"]> = {
  password: "password",
  v3password: "password",
  v3applicationcredential: "v3applicationcredential",
  applicationcredential: "v3applicationcredential",
  token: "token",
  v3token: "token",
};

/**
 * Loads one cloud with openstacksdk's rules: the clouds.yaml found by {@link findCloudsFile},
 * secure.yaml deep-merged over it, the entry named by `options.cloud` or `OS_CLOUD`.
 * @throws CloudConfigError naming the file and the field, never a value.
 */
export function loadCloudConfig(options: LoadCloudOptions = {}): CloudConfig {
  const env = options.env ?? process.env;
  const file = findCloudsFile(options);
  if (file === undefined) {
    throw new CloudConfigError(
      undefined,
      undefined,
      "no clouds.yaml found (set OS_CLIENT_CONFIG_FILE, or put one in ., ~/.config/openstack or /etc/openstack)",
    );
  }
  let merged = readConfigFile(file);
  const secureFile = findSecureFile(options);
  if (secureFile !== undefined) merged = mergeConfig(merged, readConfigFile(secureFile));
  const clouds = merged.clouds;
  if (!isMapping(clouds)) throw new CloudConfigError(file, "clouds", "missing or not a mapping");
  const names = Object.keys(clouds);
  const name = options.cloud ?? (env.OS_CLOUD || undefined) ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined) {
    throw new CloudConfigError(file, "clouds", `several clouds (${names.join(", ")}): choose one with OS_CLOUD`);
  }
  const entry = clouds[name];
  if (!isMapping(entry)) {
    throw new CloudConfigError(file, `clouds.${name}`, `no such cloud (have: ${names.join(", ") || "none"})`);
  }
  const parsed = parseEntry(entry, new FieldReader(file, `clouds.${name}`, options.homeDir ?? homedir()));
  return { name, file, ...(secureFile === undefined ? {} : { secureFile }), ...parsed };
}

function parseEntry(raw: Record<string, unknown>, r: FieldReader): Omit<CloudConfig, "name" | "file" | "secureFile"> {
  if (raw.profile !== undefined || raw.cloud !== undefined) {
    r.fail(raw.profile !== undefined ? "profile" : "cloud", "vendor profiles are not supported: write the entry out");
  }
  const entry = selectRegion(raw, r);
  const rawType = r.string(entry, "auth_type") ?? "password";
  const type = AUTH_TYPES[rawType] ?? r.fail("auth_type", `unsupported (use ${Object.keys(AUTH_TYPES).join(", ")})`);
  const authMap = entry.auth ?? {};
  if (!isMapping(authMap)) r.fail("auth", "must be a mapping");
  const auth = parseAuth(type, authMap, r);
  const regionName = r.string(entry, "region_name");
  const iface = r.string(entry, "interface") ?? r.string(entry, "endpoint_type") ?? "public";
  const normalized = iface.replace(/URL$/, "");
  if (normalized !== "public" && normalized !== "internal" && normalized !== "admin") {
    r.fail("interface", "must be public, internal or admin");
  }
  const verify = parseVerify(entry, r);
  const override = r.string(entry, "object_store_endpoint_override");
  const version = entry.identity_api_version;
  if (version !== undefined && String(version) !== "3") r.fail("identity_api_version", "only Keystone v3 is supported");
  return {
    auth,
    ...(regionName === undefined ? {} : { regionName }),
    interface: normalized,
    verify,
    ...tlsFiles(entry, r),
    ...(override === undefined ? {} : { objectStoreEndpointOverride: override }),
  };
}

function parseVerify(entry: Record<string, unknown>, r: FieldReader): boolean {
  for (const [field, invert] of [
    ["verify", false],
    ["insecure", true],
  ] as const) {
    const value = entry[field];
    if (value === undefined) continue;
    if (typeof value !== "boolean") r.fail(field, "must be true or false");
    return invert ? !value : value;
  }
  return true;
}

function parseAuth(type: CloudAuth["type"], a: Record<string, unknown>, r: FieldReader): CloudAuth {
  const s = (field: string) => r.string(a, field, `auth.${field}`);
  const authUrl = r.required(a, "auth_url", "auth.auth_url", "the Keystone URL");
  if (!/^https?:\/\//.test(authUrl)) r.fail("auth.auth_url", "must be an http(s) URL");
  // openstacksdk: domain_id / domain_name are the default for both user and project domains
  const domainId = s("domain_id");
  const domainName = s("domain_name");
  const user = {
    username: s("username"),
    userId: s("user_id"),
    userDomainName: s("user_domain_name") ?? domainName,
    userDomainId: s("user_domain_id") ?? domainId,
  };
  const project = {
    projectName: s("project_name") ?? s("tenant_name"),
    projectId: s("project_id") ?? s("tenant_id"),
    projectDomainName: s("project_domain_name") ?? domainName,
    projectDomainId: s("project_domain_id") ?? domainId,
  };
  if (type === "password") {
    if (user.username === undefined && user.userId === undefined) r.fail("auth.username", "missing (or auth.user_id)");
    requireUserDomain(user, r);
    requireProject(project, r);
    const password = r.required(a, "password", "auth.password", "auth_type password");
    return compact({ type, authUrl, password, ...user, ...project });
  }
  if (type === "v3applicationcredential") {
    const id = s("application_credential_id");
    const name = s("application_credential_name");
    if (id === undefined && name === undefined)
      r.fail("auth.application_credential_id", "missing (or application_credential_name)");
    if (id === undefined && user.username === undefined && user.userId === undefined) {
      r.fail("auth.username", "missing: a credential given by name needs its owner (username or user_id)");
    }
    if (id === undefined) requireUserDomain(user, r);
    const secret = r.required(
      a,
      "application_credential_secret",
      "auth.application_credential_secret",
      "auth_type v3applicationcredential",
    );
    return compact({
      type,
      authUrl,
      applicationCredentialId: id,
      applicationCredentialName: name,
      applicationCredentialSecret: secret,
      ...user,
    });
  }
  const token = r.required(a, "token", "auth.token", "auth_type token");
  requireProject(project, r);
  return compact({ type, authUrl, token, ...project });
}

/** A user given by name needs its domain: Keystone looks names up per domain (gophercloud refuses to build the request without one). */
function requireUserDomain(
  user: { username?: string; userId?: string; userDomainName?: string; userDomainId?: string },
  r: FieldReader,
): void {
  if (user.userId === undefined && user.userDomainId === undefined && user.userDomainName === undefined) {
    r.fail(
      "auth.user_domain_name",
      "missing (or user_domain_id, domain_name, domain_id): a user given by name needs its domain",
    );
  }
}

/**
 * Resources live in a project: the token MUST be project-scoped. Without a project, openstacksdk asks
 * for a domain-scoped or unscoped token, and terraform's provider for an unscoped one (gophercloud's
 * clientconfig knows no `tenant_name`), with no service catalog to create anything in.
 */
function requireProject(
  project: { projectName?: string; projectId?: string; projectDomainName?: string; projectDomainId?: string },
  r: FieldReader,
): void {
  if (project.projectId === undefined && project.projectName === undefined) {
    r.fail(
      "auth.project_name",
      "missing (or project_id): the broker needs a project-scoped token (a domain-scoped or unscoped entry has no project to create resources in)",
    );
  }
  if (
    project.projectId === undefined &&
    project.projectDomainId === undefined &&
    project.projectDomainName === undefined
  ) {
    r.fail(
      "auth.project_domain_name",
      "missing (or project_domain_id, domain_name, domain_id): a project given by name needs its domain",
    );
  }
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
