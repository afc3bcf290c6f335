import type { SimulateSetting } from "../config/broker-config.js";
import { type CloudFileSearchOptions, CloudConfigError, findCloudsFile } from "./cloud-files.js";
import { cloudNames } from "./cloud-targets.js";

/** Options of {@link chooseSimulation}. */
export interface SimulationChoiceOptions {
  /** SIMULATE as set ("auto" when unset). */
  readonly setting: SimulateSetting;
  /** Where clouds.yaml is looked for: the loader's own search (cloud-files.ts), its roots injectable. */
  readonly search: CloudFileSearchOptions;
  /** DEFAULT_CLOUD, else OS_CLOUD. */
  readonly defaultCloud?: string;
  /** The broker's environment: OS_AUTH_URL alone configures a cloud (the provider reads OS_*). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Whether the catalog has OpenStack stacks (default true). Without them no instance needs a cloud:
   * a clouds.yaml with several entries (e.g. only for STATE_CLOUD) needs no OS_CLOUD.
   */
  readonly openstack?: boolean;
}

/** Whether OpenStack stacks run against the simulator, and why (for the start-up message). */
export type SimulationChoice =
  | { readonly simulate: true; readonly reason: "SIMULATE=true" | "no cloud configured" }
  | { readonly simulate: false; readonly cloudsFile?: string };

/**
 * Decides between the simulator and a cloud, so that a configured cloud is never silently replaced
 * by the simulator:
 * - SIMULATE=true: the simulator, whatever is configured;
 * - a clouds.yaml found where the loader looks (OS_CLIENT_CONFIG_FILE, ./, ~/.config/openstack,
 *   /etc/openstack): that cloud. Its only entry, or the one OS_CLOUD / DEFAULT_CLOUD names; several
 *   entries and no name is an error naming them (when the catalog has OpenStack stacks);
 * - OS_CLOUD, DEFAULT_CLOUD or OS_AUTH_URL without clouds.yaml: a cloud (the start-up check then
 *   says what is missing);
 * - nothing: the simulator, unless SIMULATE=false (then an error).
 * @throws CloudConfigError naming the file and the entries, or what is missing.
 */
export function chooseSimulation(options: SimulationChoiceOptions): SimulationChoice {
  if (options.setting === "on") return { simulate: true, reason: "SIMULATE=true" };
  const file = findCloudsFile(options.search);
  if (file !== undefined) {
    const names = cloudNames(file, options.search);
    if (names.length === 0) throw new CloudConfigError(file, "clouds", "has no entries");
    if (options.defaultCloud === undefined && names.length > 1 && options.openstack !== false)
      throw new CloudConfigError(
        file,
        "clouds",
        `several clouds (${names.join(", ")}): choose one with OS_CLOUD or DEFAULT_CLOUD (or set SIMULATE=true for the simulator)`,
      );
    return { simulate: false, cloudsFile: file };
  }
  if (options.defaultCloud !== undefined || options.env.OS_AUTH_URL) return { simulate: false };
  if (options.setting === "off")
    throw new CloudConfigError(
      undefined,
      undefined,
      "SIMULATE=false but no cloud is configured: no clouds.yaml (OS_CLIENT_CONFIG_FILE, ./, ~/.config/openstack, /etc/openstack) and no OS_CLOUD or OS_AUTH_URL",
    );
  return { simulate: true, reason: "no cloud configured" };
}
