import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { synthesize } from "../../synth/synthesize.js";
import { CONFIG_HELP, parseCommandArgs } from "./args.js";
import { DryRunError, resolveDryRun } from "../../broker/dry-run/dry-run-request.js";
import { CliError, EXIT, type CliIo } from "./io.js";
import { readJsonArgument } from "./json-input.js";
import { createRuntime } from "../../runtime/create-runtime.js";

export const SYNTH_HELP = `usage: openstack-broker synth --service <name|id> --plan <name|id> [--params <json>|@file] --out <dir>
       openstack-broker synth --instance <id> [--plan ...] [--params ...] --out <dir>

Writes what the broker would hand terraform for this request, for inspection: <dir>/cdk.tf.json and
<dir>/terraform.tfvars.json, with every sensitive variable (generated secrets) replaced by "<redacted>".
Parameters are validated exactly as the broker would. No terraform runs; nothing else is written.

options:
  --service, --plan, --params, --instance, --instance-id, --cloud   as for 'plan'
  --out DIR     the directory to write (created when missing)
  --json        {"files", "stack", "service", "plan", "kind", "instance_id", "outputs", "redacted"}

${CONFIG_HELP}`;

const OPTIONS = {
  service: { type: "string" },
  plan: { type: "string" },
  params: { type: "string" },
  instance: { type: "string" },
  "instance-id": { type: "string" },
  cloud: { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
} as const;

/** The value written in place of a secret. */
export const REDACTED = "<redacted>";

/** `openstack-broker synth ... --out DIR`. */
export async function synthCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs("synth", args, OPTIONS, io);
  if (parsed.options.help) return (void io.stdout.write(`${SYNTH_HELP}\n`), EXIT.ok);
  const { options, config } = parsed;
  const str = (name: keyof typeof OPTIONS) => options[name] as string | undefined;
  const outArg = str("out");
  if (outArg === undefined) throw new CliError("synth: --out <dir> is required");
  if (str("instance") === undefined && (str("service") === undefined || str("plan") === undefined)) {
    throw new CliError("synth: give --service and --plan (a new instance) or --instance (an update)");
  }
  const params = await readJsonArgument("--params", str("params"), io);
  const runtime = createRuntime(config, { readOnly: true, env: parsed.env });
  const catalog = await runtime.catalog();
  const records = await runtime.records();
  let resolved;
  try {
    resolved = await resolveDryRun(catalog, records, {
      instance: str("instance"),
      instanceId: str("instance-id") ?? (str("instance") === undefined ? "synth-preview" : undefined),
      service: str("service"),
      plan: str("plan"),
      parameters: params?.value,
    });
  } catch (error) {
    if (!(error instanceof DryRunError)) throw error;
    const where = {
      parameters: params?.source ?? "--params",
      context: "--context",
      service: "--service",
      plan: "--plan",
      instance: str("instance") === undefined ? "--instance-id" : "--instance",
    }[error.field];
    throw new CliError(`${where}: ${error.message}`);
  }
  const definition = catalog.stackFor(resolved.plan);
  const secretNames = definition.secrets?.instance ?? [];
  const synthesis = synthesize({
    definition,
    service: resolved.service,
    plan: resolved.plan,
    kind: "instance",
    values: resolved.values,
    instanceId: resolved.instanceId,
    // The stored secrets are never read into the output: every secret is the placeholder.
    secrets: Object.fromEntries(secretNames.map((name) => [name, REDACTED])),
    providers: str("cloud") === undefined ? undefined : { openstack: { cloud: str("cloud") } },
  });
  const variables = Object.fromEntries(
    Object.entries(synthesis.variables).map(([name, value]) => [
      name,
      synthesis.sensitive.includes(name) ? REDACTED : value,
    ]),
  );
  const out = resolve(io.cwd, outArg);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, "cdk.tf.json"), `${JSON.stringify(synthesis.config, null, 2)}\n`);
  await writeFile(join(out, "terraform.tfvars.json"), `${JSON.stringify(variables, null, 2)}\n`);
  const redacted =
    synthesis.sensitive.length > 0
      ? ` (${synthesis.sensitive.length} sensitive variable${synthesis.sensitive.length === 1 ? "" : "s"} redacted: ${synthesis.sensitive.join(", ")})`
      : "";
  if (options.json === true) {
    const document = {
      files: [join(out, "cdk.tf.json"), join(out, "terraform.tfvars.json")],
      stack: resolved.plan.stack,
      service: resolved.service.name,
      plan: resolved.plan.name,
      kind: resolved.kind,
      instance_id: resolved.instanceId,
      outputs: synthesis.outputs,
      redacted: synthesis.sensitive,
    };
    io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return EXIT.ok;
  }
  io.stdout.write(`wrote ${join(out, "cdk.tf.json")} and ${join(out, "terraform.tfvars.json")}${redacted}\n`);
  io.stdout.write(
    `stack ${resolved.plan.stack} for ${resolved.service.name}/${resolved.plan.name}, ${resolved.kind} of instance ${resolved.instanceId}; outputs: ${synthesis.outputs.join(", ") || "none"}\n`,
  );
  return EXIT.ok;
}
