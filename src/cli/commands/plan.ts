import { TerraformError } from "../../terraform/types.js";
import { CONFIG_HELP, parseCommandArgs } from "./args.js";
import { DryRunError } from "../../broker/dry-run/dry-run.js";
import { CliError, EXIT, type CliIo } from "./io.js";
import { readJsonArgument } from "./json-input.js";
import { openPlanSession, type PlanSession } from "./plan-session.js";
import { createProgressDisplay } from "./progress-display.js";
import { renderPlan } from "./render-plan.js";

export const PLAN_HELP = `usage: openstack-broker plan --service <name|id> --plan <name|id> [--params <json>|@file] [options]
       openstack-broker plan --instance <id> [--plan <name|id>] [--params <json>|@file] [options]
       openstack-broker plan --instance <id> --upgrade [options]

Dry-run of a provision request (or, with --instance, of an update of an existing instance): validates
the parameters exactly as the broker would, runs terraform plan (against the cloud when one is
configured, the built-in simulator otherwise) and shows what would be created, changed, replaced or
destroyed. Nothing is written: the state store is opened read-only.

options:
  --service NAME|ID     the service offering (create)
  --plan NAME|ID        the plan (create; for --instance: the plan to change to)
  --params JSON|@FILE   the request's parameters, inline or from a file
  --context JSON|@FILE  the request's context (validated as a JSON object)
  --instance ID         plan an update of this existing instance against its stored state
  --instance-id ID      create: the id the new instance would get (default: a random one)
  --upgrade             with --instance and no --plan/--params: the dry-run of an upgrade through
                        maintenance_info (the current construct against the instance's state), with
                        the version it was applied with and the plan's current one
  --cloud NAME          plan against this cloud of clouds.yaml instead of the simulator / OS_CLOUD
  --json                print the stable JSON document (docs/cli.md) instead of the summary
  --quiet               no progress on stderr

exit codes: 0 no changes, 2 changes, 1 error (as terraform plan -detailed-exitcode)

${CONFIG_HELP}`;

const OPTIONS = {
  service: { type: "string" },
  plan: { type: "string" },
  params: { type: "string" },
  context: { type: "string" },
  instance: { type: "string" },
  "instance-id": { type: "string" },
  cloud: { type: "string" },
  json: { type: "boolean" },
  quiet: { type: "boolean" },
  upgrade: { type: "boolean" },
} as const;

/** The maintenance_info version an instance was applied with and its plan's current one. */
async function upgradeVersions(
  session: { readonly records: PlanSession["records"]; readonly catalog: PlanSession["catalog"] },
  instanceId: string,
): Promise<{ from: string | null; to: string | null }> {
  const instance = await session.records.getInstance(instanceId);
  const plan = instance === undefined ? undefined : session.catalog.planById(instance.planId);
  return { from: instance?.maintenanceInfo?.version ?? null, to: plan?.maintenance_info?.version ?? null };
}

/** `openstack-broker plan`: exit 0 (no changes), 2 (changes) or 1 (error, as a thrown CliError). */
export async function planCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs("plan", args, OPTIONS, io);
  if (parsed.options.help) return (void io.stdout.write(`${PLAN_HELP}\n`), EXIT.ok);
  const { options, config } = parsed;
  const str = (name: keyof typeof OPTIONS) => options[name] as string | undefined;
  if (str("instance") !== undefined && str("instance-id") !== undefined)
    throw new CliError("plan: --instance (update) and --instance-id (create) exclude each other");
  if (str("instance") === undefined && (str("service") === undefined || str("plan") === undefined)) {
    throw new CliError(
      "plan: give --service and --plan (a new instance) or --instance (an update); see 'openstack-broker plan --help'",
    );
  }
  const upgrade = options.upgrade === true;
  if (upgrade && (str("instance") === undefined || str("plan") !== undefined || str("params") !== undefined))
    throw new CliError("plan: --upgrade needs --instance and takes no --plan or --params (an upgrade changes neither)");
  // Inputs are read and parsed before anything starts: a bad file or JSON costs no terraform run.
  const params = await readJsonArgument("--params", str("params"), io);
  const context = await readJsonArgument("--context", str("context"), io);
  const progress = createProgressDisplay(io, { quiet: options.quiet === true });
  progress.phase("loading the catalog");
  const session = await openPlanSession({ config, cloud: str("cloud"), env: parsed.env }).catch((error) => {
    progress.stop();
    throw error;
  });
  try {
    const report = await session.dryRun.run(
      {
        instance: str("instance"),
        instanceId: str("instance-id"),
        service: str("service"),
        plan: str("plan"),
        parameters: params?.value,
        context: context?.value,
      },
      {
        onEvent: (event) => progress.event(event),
        signal: io.signal,
        onResolved: (resolved) =>
          progress.phase(`terraform plan of ${resolved.service.name}/${resolved.plan.name} (${resolved.kind})`),
      },
    );
    progress.stop();
    const versions = upgrade ? await upgradeVersions(session, str("instance")!) : undefined;
    const document = versions === undefined ? report : { ...report, upgrade: versions };
    if (versions !== undefined && !options.json)
      io.stdout.write(
        `upgrade of ${str("instance")}: maintenance_info ${versions.from ?? "(none)"} -> ${versions.to ?? "(none)"}${versions.from === versions.to ? " (already current)" : ""}\n`,
      );
    io.stdout.write(options.json ? `${JSON.stringify(document, null, 2)}\n` : renderPlan(report));
    return report.has_changes ? EXIT.changes : EXIT.ok;
  } catch (error) {
    progress.stop();
    if (error instanceof DryRunError) {
      const where = {
        parameters: params?.source ?? "--params",
        context: context?.source ?? "--context",
        service: "--service",
        plan: "--plan",
        instance: str("instance") === undefined ? "--instance-id" : "--instance",
      }[error.field];
      throw new CliError(`${where}: ${error.message}`);
    }
    if (error instanceof TerraformError) {
      throw new CliError(
        error.reason === "cancelled"
          ? "interrupted: terraform was stopped, nothing was changed"
          : `terraform could not plan this request (${error.command}): ${error.message}`,
      );
    }
    throw error;
  } finally {
    await session.close();
  }
}
