import {
  CloudConfigError,
  type CloudFileSearchOptions,
  findCloudsFile,
  findSecureFile,
  isMapping,
  mergeConfig,
  readConfigFile,
} from "./cloud-files.js";
import { loadCloudConfig } from "./clouds-yaml.js";
import { terraformCloud } from "./terraform-cloud.js";

/** What one terraform run needs to use a cloud: the provider block's literal settings, the env, private files. */
export interface CloudRun {
  /** `{ openstack: { cloud, endpoint_type, region } }`: the operator's config, never a secret. */
  readonly providers?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The broker's OS_* variables blanked (OS_CLIENT_CONFIG_FILE included: terraform reads the run's own clouds.yaml). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Files of the run's working directory (`clouds.yaml`, `secure.yaml`: see terraform-cloud.ts). They
   * hold the cloud's secrets: written 0600 only while terraform runs, never logged.
   */
  readonly files?: Readonly<Record<string, string>>;
}

/** Options of {@link createCloudTargets}. */
export interface CloudTargetsOptions {
  /** Where clouds.yaml is looked for (OS_CLIENT_CONFIG_FILE / OS_CLIENT_SECURE_FILE, cwd, home). */
  readonly search: CloudFileSearchOptions;
  /** Terraform runs against the simulator: without a clouds.yaml, names are not checked. */
  readonly simulate: boolean;
  /**
   * The simulator is launched by terraform (SIMULATOR_MODE=launched): it resolves a named cloud from
   * clouds.yaml as the real provider does, so a name needs a clouds.yaml as when not simulating.
   */
  readonly launchedSimulator?: boolean;
  /**
   * The broker's own environment, which terraform inherits. Default: process.env. Its OS_* variables
   * are blanked in a routed run: the provider takes them as explicit settings (OS_PROJECT_NAME would
   * override the cloud entry's project).
   */
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
  /** DEFAULT_CLOUD, else OS_CLOUD. Absent: the only cloud of clouds.yaml when it has exactly one (not simulating). */
  readonly defaultCloud?: string;
}

/** A cloud name and where the operator wrote it (`DEFAULT_CLOUD`, `catalog/x.yaml: plan p: cloud`). */
export interface NamedCloud {
  readonly name: string;
  readonly where: string;
}

/** The clouds of clouds.yaml as terraform uses them. */
export interface CloudTargets {
  /** The clouds.yaml found (absent: none, only allowed when simulating). */
  readonly file?: string;
  /** The cloud of instances nothing else decides. */
  readonly defaultCloud?: string;
  /**
   * Start-up check: every name must be an entry of clouds.yaml, and each such entry must load.
   * Without clouds.yaml: fine when simulating (names are then labels only), else an error.
   * @throws CloudConfigError naming the file, the field and where the name was written.
   */
  check(names: readonly NamedCloud[]): void;
  /**
   * Provider settings and env for a run on `cloud` (absent: the default). With no cloud at all, an
   * empty run: the provider reads the OS_* environment as before clouds were routed.
   * @throws CloudConfigError when the name is no longer in clouds.yaml (an old record's cloud).
   */
  forCloud(cloud: string | undefined): CloudRun;
}

/**
 * Resolves cloud names to terraform runs. The cloud is resolved here with openstacksdk's rules and
 * handed to terraform as one flattened entry in the run's own clouds.yaml (terraform-cloud.ts), so
 * terraform's provider uses exactly the cloud the broker checked. Credentials leave this module only
 * in `CloudRun.files`; the provider block and the env hold none.
 */
export function createCloudTargets(options: CloudTargetsOptions): CloudTargets {
  const file = findCloudsFile(options.search);
  // Read lazily: a simulated broker that names no cloud never depends on a stray clouds.yaml.
  let known: string[] | undefined;
  const names = () => (known ??= file === undefined ? [] : cloudNames(file, options.search));
  const only = !options.simulate && names().length === 1 ? names()[0] : undefined;
  const defaultCloud = options.defaultCloud ?? only;
  // Empty values unset the inherited OS_* variables for the provider (its env defaults ignore "").
  const blanked = Object.fromEntries(
    Object.keys(options.processEnv ?? process.env)
      .filter((key) => key.startsWith("OS_"))
      .map((key) => [key, ""]),
  );
  // Read again for every run: a credential rotated in clouds.yaml / secure.yaml applies without a restart.
  const load = (name: string) => terraformCloud(loadCloudConfig({ ...options.search, cloud: name }));
  return {
    file,
    defaultCloud,
    check(named) {
      if (file === undefined) {
        // MUST refuse for the launched simulator: it fails every run with the provider's own "unable to
        // load clouds.yaml" (gophercloud clientconfig LoadCloudsYAML), as a real cloud would.
        if ((options.simulate && !options.launchedSimulator) || named.length === 0) return;
        const first = named[0];
        const why = options.launchedSimulator
          ? "; the launched simulator reads it as terraform's provider does (SIMULATOR_MODE=reattach takes names as labels)"
          : "";
        throw new CloudConfigError(
          undefined,
          undefined,
          `${first.where} names the cloud ${JSON.stringify(first.name)} but no clouds.yaml was found (set OS_CLIENT_CONFIG_FILE${why})`,
        );
      }
      for (const { name, where } of named) {
        if (!names().includes(name)) {
          throw new CloudConfigError(
            file,
            `clouds.${name}`,
            `no such cloud, named by ${where} (have: ${names().join(", ") || "none"})`,
          );
        }
        load(name);
      }
    },
    forCloud(cloud) {
      const name = cloud ?? defaultCloud;
      if (name === undefined) return {};
      if (file === undefined) return { providers: { openstack: { cloud: name } }, env: blanked };
      const resolved = load(name);
      // MUST blank OS_CLIENT_CONFIG_FILE: clientconfig reads a set one before the working directory's clouds.yaml.
      return {
        providers: { openstack: resolved.provider },
        env: { ...blanked, OS_CLIENT_CONFIG_FILE: "" },
        files: resolved.files,
      };
    },
  };
}

/** The entry names of clouds.yaml (with secure.yaml merged over it). */
export function cloudNames(file: string, search: CloudFileSearchOptions): string[] {
  let merged = readConfigFile(file);
  const secure = findSecureFile(search);
  if (secure !== undefined) merged = mergeConfig(merged, readConfigFile(secure));
  if (!isMapping(merged.clouds)) throw new CloudConfigError(file, "clouds", "missing or not a mapping");
  return Object.keys(merged.clouds);
}
