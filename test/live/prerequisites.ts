import { loadCloudConfig } from "../../src/cloud/clouds-yaml.js";
import { checkTerraform } from "../../src/terraform/check.js";
import { unknownParamKeys, type LiveParams } from "./live-params.js";
import type { Check } from "./preflight.js";
import { checkProvider, type ProviderCheck, type ProviderCheckOptions } from "./provider-check.js";
import type { LiveSettings } from "./settings.js";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The named cloud as openstacksdk resolves it (the broker's loader): where it comes from, how it
 * authenticates, the region. Never a secret: the loader's errors name files and fields only.
 */
export function checkCloud(cloud: string, env: Env, cwd: string): Check {
  try {
    const config = loadCloudConfig({ cloud, env, cwd });
    const host = (() => {
      try {
        return new URL(config.auth.authUrl).host;
      } catch {
        return config.auth.authUrl.replace(/\/\/[^@/]*@/, "//");
      }
    })();
    const region =
      config.regionName === undefined
        ? "no region_name (the provider's region is then empty)"
        : `region ${config.regionName}`;
    const secure = config.secureFile === undefined ? "" : ` + ${config.secureFile}`;
    return {
      name: "clouds.yaml",
      ok: true,
      detail: `cloud "${cloud}" from ${config.file}${secure}: ${config.auth.type} auth at ${host}, ${region}, ${config.interface} endpoints`,
    };
  } catch (error) {
    return {
      name: "clouds.yaml",
      ok: false,
      detail: (error as Error).message,
      needs: [
        `a clouds.yaml with an entry "${cloud}" (OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack/clouds.yaml or /etc/openstack/clouds.yaml; docs/clouds.md)`,
      ],
    };
  }
}

/** Options of {@link checkPrerequisites}: terraform as the broker will run it. */
export interface PrerequisitesOptions {
  readonly settings: LiveSettings;
  /** The broker's environment. */
  readonly env: Env;
  readonly terraformBin: string;
  readonly pluginCacheDir: string;
  readonly params: LiveParams;
  /** Every `service/plan` of the catalog (keys of the params file must name one). */
  readonly planNames: readonly string[];
  /** Default {@link checkProvider}. */
  readonly checkProvider?: (options: ProviderCheckOptions) => Promise<ProviderCheck>;
}

/**
 * What must hold before a broker is worth starting: terraform runs, `terraform init` installs the
 * real provider, clouds.yaml has the cloud, the params file names only plans that exist. Each
 * check says what is missing; the provider is checked only when terraform runs.
 */
export async function checkPrerequisites(options: PrerequisitesOptions): Promise<Check[]> {
  const { settings, env, terraformBin, params } = options;
  const checks: Check[] = [];
  const terraform = await checkTerraform(terraformBin, { env }).then(
    ({ version }): Check => ({ name: "terraform", ok: true, detail: `${version} (${terraformBin})` }),
    (error: Error): Check => ({
      name: "terraform",
      ok: false,
      detail: error.message,
      needs: ["terraform >= 1.5 on the PATH, or TERRAFORM_BIN"],
    }),
  );
  checks.push(terraform);
  if (terraform.ok) {
    const provider = await (options.checkProvider ?? checkProvider)({
      terraformBin,
      pluginCacheDir: options.pluginCacheDir,
      env,
      acceptSimulator: settings.acceptSimulator,
    });
    checks.push({ name: "provider", ok: provider.ok, detail: provider.detail, needs: provider.needs });
  }
  checks.push(checkCloud(settings.cloud, env, process.cwd()));
  const typos = unknownParamKeys(params, options.planNames);
  checks.push(
    typos.length > 0
      ? {
          name: "parameters",
          ok: false,
          detail: `${params.file}: ${typos.map((t) => JSON.stringify(t)).join(", ")} name no service or plan of the catalog`,
        }
      : { name: "parameters", ok: true, detail: params.file },
  );
  return checks;
}
