import { ConfigError } from "../config/config-error.js";
import { suggest } from "../config/parse-flags.js";
import { CliError, EXIT, processIo, type CliIo } from "./commands/io.js";
import { jsonError, wantsJson } from "./error-output.js";
import { SERVE_HELP, serveWantsHelp } from "./serve-help.js";
import { version } from "./version.js";

const USAGE = `usage: openstack-broker <command> [options]
       openstack-broker --version

commands:
  serve                     start the broker (OSB API + terraform state backend)
  plan                      dry-run a provision (--service/--plan) or an update (--instance)
  catalog [validate]        list services and plans; validate catalog/ and stacks/
  synth                     write a request's cdk.tf.json and variables (secrets redacted) to --out
  instances                 list service instances
  bindings [cleanup-expired] list bindings (--expired); unbind expired ones (cleanup-expired --apply)
  instances                 list service instances (--outdated: those an upgrade would change)
  drift                     report drift (refresh-only plans; never applies): all or --instance
  operations <instance>     an instance's operations and the terraform log (--follow: live)
  reencrypt                 rewrite the state store with the primary encryption key (key rotation)
  new service <name>        scaffold a working service: catalog entry, construct, README, simulator test

Run 'openstack-broker <command> --help' for a command's options; docs/cli.md has the details.
--json (every command but serve): JSON on stdout, errors included: {"error": {"summary", "detail"?, ...}}.
Exit codes: 0 ok (plan: no changes), 2 changes (plan), 1 error.`;

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

/**
 * The commands, each loaded when it runs (issue 16 item 5): a command loads its own modules only, so
 * `--version`, `plan` or `catalog` never pay for the broker's (serve) or the other commands'.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  plan: async () => (await import("./commands/plan.js")).planCommand,
  catalog: async () => (await import("./commands/catalog.js")).catalogCommand,
  synth: async () => (await import("./commands/synth.js")).synthCommand,
  instances: async () => (await import("./commands/instances.js")).instancesCommand,
  bindings: async () => (await import("./commands/bindings.js")).bindingsCommand,
  operations: async () => (await import("./commands/operations.js")).operationsCommand,
  reencrypt: async () => (await import("./commands/reencrypt.js")).reencryptCommand,
  drift: async () => (await import("./commands/drift.js")).driftCommand,
  new: async () => (await import("./commands/new-service.js")).newCommand,
};

/**
 * The `openstack-broker` command line. Returns the exit code (undefined: `serve` keeps running).
 * Operator errors are thrown as CliError / ConfigError / CatalogError (see {@link run}).
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number | undefined> {
  const [command, ...args] = argv;
  if (command === "--version" || command === "-v" || command === "version") {
    io.stdout.write(`openstack-broker ${version()}\n`);
    return EXIT.ok;
  }
  if (command === "serve") {
    if (serveWantsHelp(args)) return (void io.stdout.write(`${SERVE_HELP}\n`), EXIT.ok);
    const { serveCommand } = await import("./serve.js");
    await serveCommand(args);
    return undefined; // keeps running
  }
  if (command !== undefined && Object.hasOwn(COMMANDS, command)) return (await COMMANDS[command]())(args, io);
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    io.stdout.write(`${USAGE}\n`);
    return command === undefined ? EXIT.error : EXIT.ok;
  }
  const near = suggest(command, ["serve", ...Object.keys(COMMANDS)]);
  throw new CliError(`unknown command ${JSON.stringify(command)}${near ? `: did you mean ${near}?` : ""}\n${USAGE}`);
}

/** Whether an error is the operator's to fix: printed without a stack trace. */
export function isOperatorError(error: unknown): boolean {
  const name = (error as Error)?.name;
  return error instanceof CliError || error instanceof ConfigError || name === "CatalogError";
}

/**
 * Runs a command and returns its exit code; an operator error becomes `openstack-broker: <message>`
 * on stderr and exit code 1 (an unexpected one prints its stack). With `--json` the error is the JSON
 * document of src/cli/error-output.ts on stdout instead (an unexpected one's stack still on stderr).
 */
export async function runCommand(argv: readonly string[], io: CliIo = processIo()): Promise<number | undefined> {
  try {
    return await main(argv, io);
  } catch (error) {
    if (wantsJson(argv)) {
      const operator = isOperatorError(error);
      io.stdout.write(`${JSON.stringify(jsonError(error, operator), null, 2)}\n`);
      if (!operator) io.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
      return EXIT.error;
    }
    io.stderr.write(
      `openstack-broker: ${isOperatorError(error) ? (error as Error).message : ((error as Error)?.stack ?? String(error))}\n`,
    );
    return EXIT.error;
  }
}

/** The process entry point (bin/openstack-broker.js). */
export async function run(argv: readonly string[]): Promise<void> {
  const code = await runCommand(argv);
  if (code !== undefined) process.exit(code);
}
