/**
 * ConfigureProvider as terraform-provider-openstack 3.4.0 does it (openstack/provider.go
 * `configureProvider`, then terraform-provider-openstack/utils auth/config.go `LoadAndValidate`):
 * the provider block with its OS_* defaults, the clouds.yaml entry read through gophercloud's
 * clientconfig (gophercloud-clouds.ts), the token request (gophercloud-auth.ts), the TLS files
 * (gophercloud-tls.ts). A provider launched by terraform sees terraform's environment and working
 * directory, so it resolves exactly what the real one would and refuses with the real one's words.
 */
import { appendFileSync } from "node:fs";
import { authOptions, tokenRequest, type TokenRequest } from "./gophercloud-auth.js";
import { getCloudFromYaml, str, type ClientConfigPlace, type GcCloud } from "./gophercloud-clouds.js";
import { prepareTlsConfig } from "./gophercloud-tls.js";
import { isUnknown, type TfObject } from "./msgpack-values.js";
import type { SimulatedCloud } from "./simulated-cloud.js";

/** When set (in terraform's environment), every launched provider appends what it resolved here, one JSON line each, no secret. */
export const PROVIDER_LOG_ENV = "OPENSTACK_SIM_PROVIDER_LOG";

/** Options of {@link createProviderAuth}. */
export interface ProviderAuthOptions {
  readonly cloud: SimulatedCloud;
  /**
   * The provider process was launched by terraform (faithful mode): its environment, working directory
   * and passwd home are terraform's, and it resolves its cloud from them. Absent (reattach: one provider
   * serving every terraform process): only the provider block is seen, and nothing is checked.
   */
  readonly launched?: ClientConfigPlace;
}

/** What one ConfigureProvider resolved (the provider's `Config`). */
export interface ConfiguredProvider {
  readonly cloud: string;
  /** `Config.Region`: provider `region`, OS_REGION_NAME, the cloud entry's `region_name`; "" when none. */
  readonly region: string;
  /** The catalog interface every service client uses. */
  readonly endpointType: "public" | "internal" | "admin";
  /** The Keystone request, when the settings were checked (absent: quick start, or reattach mode). */
  readonly token?: TokenRequest;
}

/** The provider configuration of one provider server (the real provider's `Config`). */
export interface ProviderAuth {
  /** ConfigureProvider: the diagnostics to return (empty: configured). */
  configure(config: TfObject): Promise<{ severity: "ERROR"; summary: string; detail: string }[]>;
  /** The last configuration (reattach mode serves several terraform processes: the last one wins). */
  configured(): ConfiguredProvider | undefined;
}

const ENDPOINT_TYPES = ["internal", "internalURL", "admin", "adminURL", "public", "publicURL", ""];
const NO_ENDPOINT = "No suitable endpoint could be found in the service catalog.";
/** Provider attributes and their OS_* defaults (schema.EnvDefaultFunc / MultiEnvDefaultFunc). */
const DEFAULTS: Readonly<Record<string, readonly string[]>> = {
  auth_url: ["OS_AUTH_URL"],
  region: ["OS_REGION_NAME"],
  user_name: ["OS_USERNAME"],
  user_id: ["OS_USER_ID"],
  application_credential_id: ["OS_APPLICATION_CREDENTIAL_ID"],
  application_credential_name: ["OS_APPLICATION_CREDENTIAL_NAME"],
  application_credential_secret: ["OS_APPLICATION_CREDENTIAL_SECRET"],
  tenant_id: ["OS_TENANT_ID", "OS_PROJECT_ID"],
  tenant_name: ["OS_TENANT_NAME", "OS_PROJECT_NAME"],
  password: ["OS_PASSWORD"],
  token: ["OS_TOKEN", "OS_AUTH_TOKEN"],
  user_domain_name: ["OS_USER_DOMAIN_NAME"],
  user_domain_id: ["OS_USER_DOMAIN_ID"],
  project_domain_name: ["OS_PROJECT_DOMAIN_NAME"],
  project_domain_id: ["OS_PROJECT_DOMAIN_ID"],
  domain_id: ["OS_DOMAIN_ID"],
  domain_name: ["OS_DOMAIN_NAME"],
  default_domain: ["OS_DEFAULT_DOMAIN"],
  system_scope: ["OS_SYSTEM_SCOPE"],
  insecure: ["OS_INSECURE"],
  endpoint_type: ["OS_ENDPOINT_TYPE"],
  cacert_file: ["OS_CACERT"],
  cert: ["OS_CERT"],
  key: ["OS_KEY"],
  cloud: ["OS_CLOUD"],
};
/** Settings that ask the provider to authenticate: without any of them the simulator accepts the block as it is. */
const AUTH_SETTINGS = [
  "cloud",
  "auth_url",
  "user_name",
  "user_id",
  "password",
  "token",
  "application_credential_id",
  "application_credential_name",
  "application_credential_secret",
  "tenant_id",
  "tenant_name",
];

/** Creates the provider configuration of one provider server (see {@link ProviderAuthOptions.launched}). */
export function createProviderAuth(options: ProviderAuthOptions): ProviderAuth {
  let last: ConfiguredProvider | undefined;
  return {
    configured: () => last,
    async configure(config) {
      const place = options.launched;
      const s = settings(config, place?.env ?? {});
      const endpointType = availability(s.endpoint_type);
      last = { cloud: s.cloud, region: s.region, endpointType };
      // MUST keep the quick start working: no cloud and no credentials named, nothing to check.
      if (place === undefined || !AUTH_SETTINGS.some((name) => s[name] !== "")) return log(place, last);
      try {
        last = loadAndValidate(s, place, (await options.cloud.config()).region);
        return log(place, last);
      } catch (error) {
        return log(place, last, (error as Error).message);
      }
    },
  };
}

function settings(config: TfObject, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = { default_domain: "default" };
  for (const [name, variables] of Object.entries(DEFAULTS)) {
    const value = config[name];
    if (value !== null && value !== undefined && !isUnknown(value)) out[name] = String(value);
    else out[name] = variables.map((variable) => env[variable]).find((v) => v) ?? out[name] ?? "";
  }
  return out;
}

function loadAndValidate(
  s: Record<string, string>,
  place: ClientConfigPlace,
  catalogRegion: string,
): ConfiguredProvider {
  if (s.auth_url === "" && s.cloud === "") throw new Error("One of 'auth_url' or 'cloud' must be specified");
  if (!ENDPOINT_TYPES.includes(s.endpoint_type)) throw new Error("Invalid endpoint type provided");
  let { region, cacert_file: cacert, cert, key } = s;
  let authCloud: GcCloud;
  if (s.cloud !== "") {
    // The provider's region selects the entry's per-region values; the entry's region_name only fills an unset region.
    authCloud = getCloudFromYaml(s.cloud, s.region, place);
    region ||= str(authCloud.region_name);
    cacert ||= str(authCloud.cacert);
    cert ||= str(authCloud.cert);
    key ||= str(authCloud.key);
  } else {
    const auth: GcCloud = Object.fromEntries(
      [
        ["auth_url", "auth_url"],
        ["default_domain", "default_domain"],
        ["domain_id", "domain_id"],
        ["domain_name", "domain_name"],
        ["password", "password"],
        ["project_domain_id", "project_domain_id"],
        ["project_domain_name", "project_domain_name"],
        ["project_id", "tenant_id"],
        ["project_name", "tenant_name"],
        ["token", "token"],
        ["user_domain_id", "user_domain_id"],
        ["user_domain_name", "user_domain_name"],
        ["username", "user_name"],
        ["user_id", "user_id"],
        ["application_credential_id", "application_credential_id"],
        ["application_credential_name", "application_credential_name"],
        ["application_credential_secret", "application_credential_secret"],
      ]
        .filter(([, from]) => s[from] !== "")
        .map(([to, from]) => [to, s[from]]),
    );
    if (parseBool(s.system_scope)) auth.system_scope = "true";
    authCloud = { auth };
  }
  const options = authOptions(authCloud, place.env);
  prepareTlsConfig({ cacert, cert, key }, place);
  // The real provider (delayed_auth, the default) authenticates at its first API call and reports these
  // there, prefixed "Error creating OpenStack <service> client: "; the simulator reports them here.
  const token = tokenRequest(options.identityEndpoint === "" ? { ...options, identityEndpoint: s.auth_url } : options);
  const endpointType = availability(s.endpoint_type);
  // An unscoped token has no catalog; the simulated catalog has public and internal endpoints in one region.
  if (token.scope === "unscoped" || endpointType === "admin" || (region !== "" && region !== catalogRegion))
    throw new Error(NO_ENDPOINT);
  return { cloud: s.cloud, region, endpointType, token };
}

/**
 * The broker's auth method as Keystone sees it, for the services' identity rules (provider-session.ts
 * on the "services" branch): undefined when nothing was checked or for a token.
 */
export function authMethodOf(
  configured: ConfiguredProvider | undefined,
): "password" | "application_credential" | undefined {
  const method = configured?.token?.method;
  return method === "token" ? undefined : method;
}

/** clientconfig.GetEndpointType. */
function availability(endpointType: string): ConfiguredProvider["endpointType"] {
  if (endpointType === "internal" || endpointType === "internalURL") return "internal";
  if (endpointType === "admin" || endpointType === "adminURL") return "admin";
  return "public";
}

function parseBool(value: string): boolean {
  return ["1", "t", "T", "TRUE", "true", "True"].includes(value);
}

function log(place: ClientConfigPlace | undefined, configured: ConfiguredProvider, error?: string) {
  const file = place?.env[PROVIDER_LOG_ENV];
  if (file) appendFileSync(file, `${JSON.stringify({ ...configured, ...(error === undefined ? {} : { error }) })}\n`);
  return error === undefined ? [] : [{ severity: "ERROR" as const, summary: error, detail: "" }];
}
