import { SERVE_FLAGS } from "../config/load-config.js";
import { optionsFor, renderOptionsHelp } from "../config/options.js";
import { parseFlags } from "../config/parse-flags.js";

/** `serve --help`: every flag of the option table (src/config/options.ts). */
export const SERVE_HELP = `usage: openstack-broker serve [options]

Starts the broker: the OSB API, the preview and the terraform state backend on one port. Every
option is an environment variable too (flags win); README.md "Configuration" has the details.
BROKER_PASSWORD and STATE_ENCRYPTION_KEYS have no flag (a command line shows in ps): set them in
the environment.

options:
${renderOptionsHelp(optionsFor("serve"))}
  -h, --help   this text`;

/** Whether `serve` was asked for help; an unknown flag is a ConfigError (with a suggestion). */
export function serveWantsHelp(args: readonly string[]): boolean {
  return parseFlags(args, SERVE_FLAGS).values.help === true;
}
