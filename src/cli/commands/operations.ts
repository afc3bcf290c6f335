import type { OperationRecord, Records } from "../../state/records.js";
import { readOperationLog, type LogLine } from "../../worker/operation-log.js";
import { CONFIG_HELP, parseCommandArgs } from "./args.js";
import { CliError, EXIT, type CliIo } from "./io.js";
import { createRuntime } from "../../runtime/create-runtime.js";
import { requireStateDir } from "./state-dir.js";
import { table } from "./table.js";

export const OPERATIONS_HELP = `usage: openstack-broker operations <instance> [--operation <id>] [--follow] [--json]

Lists an instance's operations, then prints the terraform log of one (default: the latest).
  --operation ID   the operation whose log to print
  --follow         keep printing new log lines while the operation runs; ends when it does
                   (exit 1 when it failed)
  --interval MS    how often --follow reads the store (default 500)
  --json           {"operations": [...], "log": {"operation_id", "lines": [...]}}; with --follow,
                   one JSON log line per line (NDJSON)

${CONFIG_HELP}`;

const OPTIONS = {
  operation: { type: "string" },
  follow: { type: "boolean" },
  json: { type: "boolean" },
  interval: { type: "string" },
} as const;

/** One log line for a terminal: `12:00:01 info  [instance] terraform_data.message: Creating...`. */
export function formatLogLine(line: LogLine): string {
  const time = line.time.replace(/^.*T/, "").replace(/(\.\d+)?(Z|[+-]\d\d:\d\d)$/, "");
  return `${time} ${line.level.padEnd(5)} ${line.stack ? `[${line.stack}] ` : ""}${line.message}`;
}

/** `openstack-broker operations <instance>`. */
export async function operationsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs("operations", args, OPTIONS, io, 1);
  if (parsed.options.help) return (void io.stdout.write(`${OPERATIONS_HELP}\n`), EXIT.ok);
  const { options, positionals, config } = parsed;
  const [instanceId] = positionals;
  if (instanceId === undefined)
    throw new CliError("operations: which instance? (openstack-broker operations <instance>; 'instances' lists them)");
  const interval = Number(options.interval ?? 500);
  if (!Number.isInteger(interval) || interval < 10)
    throw new CliError(
      `--interval: must be an integer of at least 10 (milliseconds), got ${JSON.stringify(options.interval)}`,
    );
  await requireStateDir("operations", config, parsed.env);
  const records = await createRuntime(config, { readOnly: true, env: parsed.env }).records();
  const instance = /^[A-Za-z0-9._-]{1,200}$/.test(instanceId) ? await records.getInstance(instanceId) : undefined;
  if (instance === undefined)
    throw new CliError(`operations: instance ${JSON.stringify(instanceId)} does not exist in ${config.stateDir}`);
  const operations = await records.listOperations(instanceId);
  const chosen =
    options.operation === undefined ? operations.at(-1) : operations.find((op) => op.id === options.operation);
  if (options.operation !== undefined && chosen === undefined) {
    throw new CliError(
      `--operation: instance ${instanceId} has no operation ${JSON.stringify(options.operation)} (it has: ${operations.map((o) => o.id).join(", ") || "none"})`,
    );
  }
  if (options.follow)
    return chosen === undefined ? EXIT.ok : follow(records, chosen, io, { json: options.json === true, interval });
  const lines = chosen === undefined ? [] : await readOperationLog(records.store, instanceId, chosen.id);
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ operations: operations.map(operationJson), log: chosen ? { operation_id: chosen.id, lines } : null }, null, 2)}\n`,
    );
    return EXIT.ok;
  }
  const rows = operations.map((op) => [op.id, op.type, op.state, op.createdAt, op.description]);
  io.stdout.write(
    rows.length > 0 ? table(["OPERATION", "TYPE", "STATE", "CREATED", "DESCRIPTION"], rows) : "no operations\n",
  );
  if (chosen !== undefined) {
    io.stdout.write(`\nlog of ${chosen.id} (${chosen.state}):\n`);
    for (const line of lines) io.stdout.write(`${formatLogLine(line)}\n`);
  }
  return EXIT.ok;
}

function operationJson(op: OperationRecord) {
  return {
    id: op.id,
    type: op.type,
    state: op.state,
    description: op.description,
    created_at: op.createdAt,
    updated_at: op.updatedAt,
    attempts: op.attempts,
    binding_id: op.bindingId ?? null,
  };
}

/**
 * Prints the log as the worker flushes it (about every second) until the operation is no longer in
 * progress; the log is read once more after that, so no final line is missed.
 */
async function follow(
  records: Records,
  operation: OperationRecord,
  io: CliIo,
  options: { json: boolean; interval: number },
): Promise<number> {
  let printed = 0;
  // On a terminal a status line under the log (stderr) shows the worker's progress, e.g.
  // "⠹ provision: applying: 3 of 7 resources done"; it is cleared before new log lines.
  const status = io.isTTY && !options.json ? createStatusLine(io) : undefined;
  const print = async () => {
    const lines = await readOperationLog(records.store, operation.instanceId, operation.id);
    if (lines.length > printed) status?.clear();
    for (const line of lines.slice(printed))
      io.stdout.write(options.json ? `${JSON.stringify(line)}\n` : `${formatLogLine(line)}\n`);
    printed = Math.max(printed, lines.length);
  };
  if (!options.json)
    io.stdout.write(`following ${operation.id} (${operation.type}) of instance ${operation.instanceId}\n`);
  for (;;) {
    const current = (await records.getOperation(operation.instanceId, operation.id)) ?? operation;
    await print();
    if (current.state !== "in progress") status?.clear();
    else status?.draw(`${current.type}: ${current.description}`);
    if (current.state !== "in progress") {
      if (!options.json) io.stdout.write(`${current.type} ${current.state}: ${current.description}\n`);
      return current.state === "failed" ? EXIT.error : EXIT.ok;
    }
    await new Promise((resolve) => setTimeout(resolve, options.interval));
  }
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** One line on stderr, redrawn in place with a spinner frame. */
function createStatusLine(io: CliIo) {
  let frame = 0;
  const width = Math.max(20, (io.columns ?? 80) - 1);
  return {
    draw: (text: string) => io.stderr.write(`\r\x1b[K${`${FRAMES[frame++ % FRAMES.length]} ${text}`.slice(0, width)}`),
    clear: () => io.stderr.write("\r\x1b[K"),
  };
}
