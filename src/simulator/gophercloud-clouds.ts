/**
 * clouds.yaml as terraform's OpenStack provider reads it: a model of gophercloud/utils
 * openstack/clientconfig (`GetCloudFromYAML`, `FindAndReadYAML`, `mergeClouds`) at the commit
 * terraform-provider-openstack 3.4.0 pins (reference: ../shared/reference/gophercloud-utils-clientconfig).
 * Facts, not openstacksdk's rules: OS_CLIENT_SECURE_FILE is ignored; clouds.yaml, secure.yaml and
 * clouds-public.yaml are looked for in the working directory, `<home>/.config/openstack` (home from the
 * passwd entry) and `/etc/openstack`; entries are typed (unknown keys such as `tenant_name` vanish);
 * secure.yaml is merged over the entry with lists appended and empty / false values never overriding.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { load } from "js-yaml";

/** Where the provider process looks: its environment, working directory and passwd home. */
export interface ClientConfigPlace {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly home: string;
}

/** A typed clouds.yaml entry (clientconfig `Cloud`), only the keys clientconfig knows. */
export type GcCloud = { [key: string]: GcValue };
type GcValue = string | boolean | GcCloud | GcCloud[];

const STRINGS = [
  "cloud",
  "profile",
  "auth_type",
  "region_name",
  "endpoint_type",
  "interface",
  "identity_api_version",
  "volume_api_version",
  "cacert",
  "cert",
  "key",
];
const AUTH_STRINGS = [
  "auth_url",
  "token",
  "username",
  "user_id",
  "password",
  "application_credential_id",
  "application_credential_name",
  "application_credential_secret",
  "system_scope",
  "project_name",
  "project_id",
  "user_domain_name",
  "user_domain_id",
  "project_domain_name",
  "project_domain_id",
  "domain_name",
  "domain_id",
  "default_domain",
];

/** An error with clientconfig's own wording (it becomes the provider's diagnostic). */
export class ClientConfigError extends Error {}

/** `GetCloudFromYAML(&ClientOpts{Cloud: name, RegionName: region})`: the merged entry. */
export function getCloudFromYaml(name: string, region: string, place: ClientConfigPlace): GcCloud {
  const clouds = loadClouds(findCloudsFile(place), "clouds", "unable to load clouds.yaml");
  if (clouds === undefined)
    throw new ClientConfigError("unable to load clouds.yaml: no clouds.yml file found: file does not exist");
  let cloud = clouds[name];
  if (cloud === undefined) throw new ClientConfigError(`cloud ${name} does not exist in clouds.yaml`);
  const profile = str(cloud.profile) || str(cloud.cloud);
  if (profile !== "") {
    const publicClouds = loadClouds(
      findYaml("clouds-public", place),
      "public-clouds",
      "unable to load clouds-public.yaml",
    );
    const publicCloud = publicClouds?.[profile];
    if (publicCloud === undefined) throw new ClientConfigError(`cloud ${profile} does not exist in clouds-public.yaml`);
    cloud = merge(cloud, publicCloud);
  }
  const secure = loadClouds(findYaml("secure", place), "clouds", "unable to load secure.yaml")?.[name];
  if (secure !== undefined && Object.keys(secure).length > 0 && JSON.stringify(secure) !== JSON.stringify(cloud))
    cloud = merge(secure, cloud);
  if (cloud.verify === undefined) cloud = { ...cloud, verify: true };
  if (region !== "") {
    const values = (cloud.regions as GcCloud[] | undefined)?.find((r) => r.name === region)?.values as
      | GcCloud
      | undefined;
    if (values !== undefined) cloud = merge(values, cloud);
  }
  // clientconfig standardises on endpoint_type, which the provider then never reads.
  const { interface: iface, ...rest } = cloud;
  return str(iface) !== "" && str(rest.endpoint_type) === "" ? { ...rest, endpoint_type: iface } : rest;
}

/** OS_CLIENT_CONFIG_FILE when that file exists, else clouds.yaml, then clouds.yml, in the three places. */
function findCloudsFile(place: ClientConfigPlace): string | undefined {
  const named = place.env.OS_CLIENT_CONFIG_FILE;
  if (named && existsSync(resolve(place.cwd, named))) return resolve(place.cwd, named);
  return findYaml("clouds", place);
}

function findYaml(base: string, place: ClientConfigPlace): string | undefined {
  for (const ext of ["yaml", "yml"]) {
    const found = [
      join(place.cwd, `${base}.${ext}`),
      join(place.home, ".config/openstack", `${base}.${ext}`),
      `/etc/openstack/${base}.${ext}`,
    ].find((file) => existsSync(file));
    if (found !== undefined) return found;
  }
  return undefined;
}

function loadClouds(file: string | undefined, key: string, context: string): Record<string, GcCloud> | undefined {
  if (file === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = load(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ClientConfigError(`${context}: failed to unmarshal yaml: ${(error as Error).message.split("\n")[0]}`);
  }
  const clouds = isMap(parsed) ? parsed[key] : undefined;
  if (clouds === undefined || clouds === null) return {};
  if (!isMap(clouds))
    throw new ClientConfigError(
      `${context}: failed to unmarshal yaml: cannot unmarshal into map[string]clientconfig.Cloud`,
    );
  return Object.fromEntries(Object.entries(clouds).map(([name, raw]) => [name, typed(raw, context)]));
}

/** The entry as clientconfig's typed struct holds it after a JSON round trip (omitempty). */
function typed(raw: unknown, context: string): GcCloud {
  if (raw === null || raw === undefined) return {};
  if (!isMap(raw))
    throw new ClientConfigError(`${context}: failed to unmarshal yaml: cannot unmarshal into clientconfig.Cloud`);
  const out: GcCloud = {};
  for (const key of STRINGS) setString(out, key, raw[key], context);
  if (raw.verify !== undefined && raw.verify !== null) {
    if (typeof raw.verify !== "boolean")
      throw new ClientConfigError(`${context}: failed to unmarshal yaml: cannot unmarshal into bool`);
    out.verify = raw.verify;
  }
  if (isMap(raw.auth)) {
    const auth: GcCloud = {};
    for (const key of AUTH_STRINGS) setString(auth, key, raw.auth[key], context);
    if (raw.auth.allow_reauth === true) auth.allow_reauth = true;
    out.auth = auth;
  }
  if (Array.isArray(raw.regions) && raw.regions.length > 0) {
    out.regions = raw.regions.map((region): GcCloud => {
      // clientconfig's Region: a plain name, or { name, values }.
      if (typeof region === "string") return { name: region, values: {} };
      const named = isMap(region) && typeof region.name === "string" && region.name !== "";
      return {
        ...(named ? { name: region.name } : {}),
        values: typed(isMap(region) ? region.values : undefined, context),
      };
    });
  }
  return out;
}

function setString(out: GcCloud, key: string, value: unknown, context: string): void {
  if (value === undefined || value === null || value === "") return;
  if (typeof value === "object")
    throw new ClientConfigError(`${context}: failed to unmarshal yaml: cannot unmarshal into string (${key})`);
  out[key] = String(value);
}

/**
 * clientconfig `mergeClouds(override, base)`: mappings merge, lists are appended (override's first),
 * and a zero value (false, "") in `override` never replaces `base`'s.
 */
export function merge(override: GcCloud, base: GcCloud): GcCloud {
  const out: GcCloud = { ...override };
  for (const [key, value] of Object.entries(base)) {
    const over = out[key];
    if (over === undefined) out[key] = value;
    else if (isMap(over) && isMap(value)) out[key] = merge(over, value);
    else if (Array.isArray(over) && Array.isArray(value)) out[key] = [...over, ...value];
    else if (over === false || over === "") out[key] = value;
  }
  return out;
}

/** A string field, "" when absent. */
export function str(value: GcValue | undefined): string {
  return typeof value === "string" ? value : "";
}

function isMap(value: unknown): value is Record<string, GcValue> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
