import { loadConfig } from "../../config/load-config.js";
import { flagName, optionsFor, renderOptionsHelp } from "../../config/options.js";
import { type FlagSpec, type ParsedFlags, parseFlags } from "../../config/parse-flags.js";
import type { BrokerConfig } from "../../config/broker-config.js";
import { CliError, type CliIo } from "./io.js";

/** A command's own option: a string value or a boolean switch. */
export type OptionSpec = Readonly<Record<string, { readonly type: "string" | "boolean"; readonly short?: string }>>;

/**
 * Configuration flags every command accepts, from the option table (src/config/options.ts):
 * `--state-dir DIR` is STATE_DIR, `--simulate` is SIMULATE=true.
 */
const CONFIG_FLAGS: Readonly<Record<string, FlagSpec>> = Object.fromEntries(
  optionsFor("tool").map((o) => [flagName(o) as string, { type: o.type }]),
);

/** Parsed arguments of one command. */
export interface CommandArgs {
  /** The command's own options (config flags excluded). */
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
  /** The broker configuration from the environment and the config flags (loaded when read). */
  readonly config: BrokerConfig;
  /** The environment with the config flags applied (`--state-store swift` is STATE_STORE=swift): for the runtime. */
  readonly env: Readonly<Record<string, string | undefined>>;
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
  const all = { ...CONFIG_FLAGS, ...spec, help: { type: "boolean" as const, short: "h" } };
  let parsed: ParsedFlags;
  try {
    parsed = parseFlags(args, all);
  } catch (error) {
    throw new CliError(`${command}: ${(error as Error).message} (see 'openstack-broker ${command} --help')`);
  }
  const help = parsed.values.help === true;
  if (!help && parsed.positionals.length > maxPositionals) {
    throw new CliError(
      `${command}: unexpected argument ${JSON.stringify(parsed.positionals[maxPositionals])} (see 'openstack-broker ${command} --help')`,
    );
  }
  const options: Record<string, string | boolean | undefined> = {};
  const configEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    if (Object.hasOwn(CONFIG_FLAGS, name)) configEnv[name.toUpperCase().replace(/-/g, "_")] = String(value);
    else options[name] = value as string | boolean;
  }
  // Loaded when read, so `--help` works with a broken environment (LOG_LEVEL=loud).
  let config: BrokerConfig | undefined;
  const env = { ...io.env, ...configEnv };
  return {
    options,
    positionals: parsed.positionals,
    env,
    get config() {
      config ??= loadConfig(env, [], io.cwd);
      return config;
    },
  };
}

/** The help text every command appends: the shared configuration flags. */
export const CONFIG_HELP = `configuration (flags or environment variables, see the README):
${renderOptionsHelp(optionsFor("tool"))}`;
