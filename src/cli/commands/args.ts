import { parseArgs } from "node:util";
import { loadConfig } from "../../config/load-config.js";
import type { BrokerConfig } from "../../config/broker-config.js";
import { CliError, type CliIo } from "./io.js";

/** A command's own option: a string value or a boolean switch. */
export type OptionSpec = Readonly<Record<string, { readonly type: "string" | "boolean"; readonly short?: string }>>;

/**
 * Configuration flags every command accepts, mirroring the environment variables (README,
 * "Configuration"): `--state-dir DIR` is STATE_DIR, `--simulate` is SIMULATE=true.
 */
const CONFIG_OPTIONS: OptionSpec = {
  "state-dir": { type: "string" },
  "catalog-dir": { type: "string" },
  "stacks-dir": { type: "string" },
  "resource-services": { type: "string" },
  "work-dir": { type: "string" },
  "terraform-bin": { type: "string" },
  "tf-plugin-cache-dir": { type: "string" },
  "simulator-dir": { type: "string" },
  "simulator-mode": { type: "string" },
  simulate: { type: "boolean" },
};

/** Parsed arguments of one command. */
export interface CommandArgs {
  /** The command's own options (config flags excluded). */
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
  /** The broker configuration from the environment and the config flags. */
  readonly config: BrokerConfig;
}

/**
 * Parses `args` strictly: an unknown option, a missing value or too many arguments is a CliError
 * naming it and pointing at `--help`.
 */
export function parseCommandArgs(
  command: string,
  args: readonly string[],
  spec: OptionSpec,
  io: CliIo,
  maxPositionals = 0,
): CommandArgs {
  const all = { ...CONFIG_OPTIONS, ...spec, help: { type: "boolean" as const, short: "h" } };
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: all, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(
      `${command}: ${(error as Error).message.replace(/\. To specify a positional.*$/s, "")} (see 'openstack-broker ${command} --help')`,
    );
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new CliError(
      `${command}: unexpected argument ${JSON.stringify(parsed.positionals[maxPositionals])} (see 'openstack-broker ${command} --help')`,
    );
  }
  const options: Record<string, string | boolean | undefined> = {};
  const configEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    if (name in CONFIG_OPTIONS) configEnv[name.toUpperCase().replace(/-/g, "_")] = String(value);
    else options[name] = value as string | boolean;
  }
  const config = loadConfig({ ...io.env, ...configEnv }, [], io.cwd);
  return { options, positionals: parsed.positionals, config };
}

/** The help text every command appends: the shared configuration flags. */
export const CONFIG_HELP = `configuration (flags or environment variables, see the README):
  --state-dir DIR       STATE_DIR (default ./state)
  --catalog-dir DIR     CATALOG_DIR (default ./catalog)
  --stacks-dir DIR      STACKS_DIR (default ./stacks)
  --resource-services L RESOURCE_SERVICES: generated services (all, families, types; docs/resource-services.md)
  --terraform-bin BIN   TERRAFORM_BIN (default terraform)
  --simulate            SIMULATE=true: plan against the built-in OpenStack simulator
  --simulator-dir DIR   SIMULATOR_DIR (default $STATE_DIR/simulated-cloud)
  --simulator-mode M    SIMULATOR_MODE: reattach (default, fast) or launched (terraform launches it, as the real provider)`;
