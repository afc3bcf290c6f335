import { ConfigError } from "../config/config-error.js";
import { serveCommand } from "./serve.js";
import { catalogCommand } from "./commands/catalog.js";
import { instancesCommand } from "./commands/instances.js";
import { driftCommand } from "./commands/drift.js";
import { CliError, EXIT, processIo, type CliIo } from "./commands/io.js";
import { operationsCommand } from "./commands/operations.js";
import { planCommand } from "./commands/plan.js";
import { synthCommand } from "./commands/synth.js";
import { reencryptCommand } from "./commands/reencrypt.js";

const USAGE = `usage: openstack-broker <command> [options]

commands:
  serve                     start the broker (OSB API + terraform state backend)
  plan                      dry-run a provision (--service/--plan) or an update (--instance)
  catalog [validate]        list services and plans; validate catalog/ and stacks/
  synth                     write a request's cdk.tf.json and variables (secrets redacted) to --out
  instances                 list service instances (--outdated: those an upgrade would change)
  drift                     report drift (refresh-only plans; never applies): all or --instance
  operations <instance>     an instance's operations and the terraform log (--follow: live)
  reencrypt                 rewrite the state store with the primary encryption key (key rotation)

Run 'openstack-broker <command> --help' for a command's options; docs/cli.md has the details.
Exit codes: 0 ok (plan: no changes), 2 changes (plan), 1 error.`;

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  plan: planCommand,
  catalog: catalogCommand,
  synth: synthCommand,
  instances: instancesCommand,
  drift: driftCommand,
  operations: operationsCommand,
  reencrypt: reencryptCommand,
};

/**
 * The `openstack-broker` command line. Returns the exit code (undefined: `serve` keeps running).
 * Operator errors are thrown as CliError / ConfigError / CatalogError (see {@link run}).
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number | undefined> {
  const [command, ...args] = argv;
  if (command === "serve") {
    await serveCommand(args);
    return undefined; // keeps running
  }
  if (command !== undefined && Object.hasOwn(COMMANDS, command)) return COMMANDS[command](args, io);
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    io.stdout.write(`${USAGE}\n`);
    return command === undefined ? EXIT.error : EXIT.ok;
  }
  throw new CliError(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
}

/** Whether an error is the operator's to fix: printed without a stack trace. */
export function isOperatorError(error: unknown): boolean {
  const name = (error as Error)?.name;
  return error instanceof CliError || error instanceof ConfigError || name === "CatalogError";
}

/**
 * Runs a command and returns its exit code; an operator error becomes `openstack-broker: <message>`
 * on stderr and exit code 1 (an unexpected one prints its stack).
 */
export async function runCommand(argv: readonly string[], io: CliIo = processIo()): Promise<number | undefined> {
  try {
    return await main(argv, io);
  } catch (error) {
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
