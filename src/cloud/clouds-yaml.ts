import { resolve } from "node:path";
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

/** The environment a terraform process needs to use the cloud by name (`cloud = "<name>"`). */
export function cloudEnvironment(cloud: CloudConfig): Record<string, string> {
  return {
    OS_CLIENT_CONFIG_FILE: cloud.file,
    ...(cloud.secureFile === undefined ? {} : { OS_CLIENT_SECURE_FILE: cloud.secureFile }),
  };
}

class FieldReader {
  constructor(
    readonly file: string,
    readonly prefix: string,
    readonly home: string,
  ) {}
  fail(field: string, problem: string): never {
    throw new CloudConfigError(this.file, `${this.prefix}.${field}`, problem);
  }
  string(map: Record<string, unknown>, field: string, path = field): string | undefined {
    const value = map[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "number") return String(value);
    if (typeof value !== "string" || value === "") this.fail(path, "must be a non-empty string");
    return value;
  }
  required(map: Record<string, unknown>, field: string, path: string, why: string): string {
    return this.string(map, field, path) ?? this.fail(path, `missing (${why})`);
  }
}

function parseEntry(entry: Record<string, unknown>, r: FieldReader): Omit<CloudConfig, "name" | "file" | "secureFile"> {
  if (entry.profile !== undefined || entry.cloud !== undefined) {
    r.fail(entry.profile !== undefined ? "profile" : "cloud", "vendor profiles are not supported: write the entry out");
  }
  const rawType = r.string(entry, "auth_type") ?? "password";
  const type = AUTH_TYPES[rawType] ?? r.fail("auth_type", `unsupported (use ${Object.keys(AUTH_TYPES).join(", ")})`);
  const authMap = entry.auth ?? {};
  if (!isMapping(authMap)) r.fail("auth", "must be a mapping");
  const auth = parseAuth(type, authMap, r);
  const regions = entry.regions;
  const firstRegion = Array.isArray(regions) && regions.length > 0 ? regions[0] : undefined;
  const regionName =
    r.string(entry, "region_name") ??
    (typeof firstRegion === "string" ? firstRegion : isMapping(firstRegion) ? r.string(firstRegion, "name", "regions[0].name") : undefined);
  const iface = r.string(entry, "interface") ?? r.string(entry, "endpoint_type") ?? "public";
  const normalized = iface.replace(/URL$/, "");
  if (normalized !== "public" && normalized !== "internal" && normalized !== "admin") {
    r.fail("interface", "must be public, internal or admin");
  }
  const verify = parseVerify(entry, r);
  const cacert = r.string(entry, "cacert");
  const override = r.string(entry, "object_store_endpoint_override");
  const version = entry.identity_api_version;
  if (version !== undefined && String(version) !== "3") r.fail("identity_api_version", "only Keystone v3 is supported");
  return {
    auth,
    ...(regionName === undefined ? {} : { regionName }),
    interface: normalized,
    verify,
    ...(cacert === undefined ? {} : { cacert: resolve(r.file, "..", cacert.replace(/^~(?=\/|$)/, r.home)) }),
    ...(override === undefined ? {} : { objectStoreEndpointOverride: override }),
  };
}

function parseVerify(entry: Record<string, unknown>, r: FieldReader): boolean {
  for (const [field, invert] of [["verify", false], ["insecure", true]] as const) {
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
  const user = { username: s("username"), userId: s("user_id"), userDomainName: s("user_domain_name") ?? domainName, userDomainId: s("user_domain_id") ?? domainId };
  const project = {
    projectName: s("project_name") ?? s("tenant_name"),
    projectId: s("project_id") ?? s("tenant_id"),
    projectDomainName: s("project_domain_name") ?? domainName,
    projectDomainId: s("project_domain_id") ?? domainId,
  };
  if (type === "password") {
    if (user.username === undefined && user.userId === undefined) r.fail("auth.username", "missing (or auth.user_id)");
    const password = r.required(a, "password", "auth.password", "auth_type password");
    return compact({ type, authUrl, password, ...user, ...project });
  }
  if (type === "v3applicationcredential") {
    const id = s("application_credential_id");
    const name = s("application_credential_name");
    if (id === undefined && name === undefined) r.fail("auth.application_credential_id", "missing (or application_credential_name)");
    if (id === undefined && user.username === undefined && user.userId === undefined) {
      r.fail("auth.username", "missing: a credential given by name needs its owner (username or user_id)");
    }
    const secret = r.required(a, "application_credential_secret", "auth.application_credential_secret", "auth_type v3applicationcredential");
    return compact({ type, authUrl, applicationCredentialId: id, applicationCredentialName: name, applicationCredentialSecret: secret, ...user });
  }
  const token = r.required(a, "token", "auth.token", "auth_type token");
  return compact({ type, authUrl, token, ...project });
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
