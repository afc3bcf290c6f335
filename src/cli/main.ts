import { ConfigError } from "./config.js";
import { serveCommand } from "./serve.js";

const USAGE = `usage: openstack-broker <command> [options]

commands:
  serve       start the broker (OSB API + terraform state backend)

Run 'openstack-broker <command> --help' for a command's options; configuration is in the README.`;

/** The `openstack-broker` command line. Exit codes: 0 ok, 1 error, 2 usage. */
export async function main(argv: readonly string[]): Promise<number | undefined> {
  const [command, ...args] = argv;
  switch (command) {
    case "serve":
      await serveCommand(args);
      return undefined; // keeps running
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`openstack-broker: unknown command ${JSON.stringify(command)}\n${USAGE}\n`);
      return 2;
  }
}

/** Runs `main` and turns known errors into a clear message and exit code 1 (no stack trace). */
export async function run(argv: readonly string[]): Promise<void> {
  try {
    const code = await main(argv);
    if (code !== undefined) process.exit(code);
  } catch (error) {
    const known = error instanceof ConfigError || (error as Error)?.name === "CatalogError";
    process.stderr.write(`openstack-broker: ${known ? (error as Error).message : (error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  }
}
