import type { Catalog } from "../../catalog/catalog.js";
import type { Records } from "../../state/records.js";
import { CONFIG_HELP, parseCommandArgs } from "./args.js";
import { EXIT, type CliIo } from "./io.js";
import { createRuntime } from "../../runtime/create-runtime.js";
import { requireStateDir } from "./state-dir.js";
import { table } from "./table.js";

export const INSTANCES_HELP = `usage: openstack-broker instances [--all] [--outdated] [--json]

Lists the service instances in the state store (STATE_DIR): id, service, plan, status and last operation.
  --all       include deprovisioned instances (tombstones)
  --outdated  only instances applied with another maintenance_info version than their plan's current
              one (the construct, provider or terraform changed): an update carrying the plan's version
              upgrades them; 'openstack-broker plan --instance ID' dry-runs that upgrade
  --json      {"instances": [{id, service, plan, status, deleted, last_operation, created_at,
              maintenance: {applied, current, outdated}}]}

${CONFIG_HELP}`;

/** `openstack-broker instances`. */
export async function instancesCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(
    "instances",
    args,
    { all: { type: "boolean" }, outdated: { type: "boolean" }, json: { type: "boolean" } },
    io,
  );
  if (parsed.options.help) return (void io.stdout.write(`${INSTANCES_HELP}\n`), EXIT.ok);
  const { options, config } = parsed;
  await requireStateDir("instances", config, parsed.env);
  const runtime = createRuntime(config, { readOnly: true, env: parsed.env });
  // --outdated compares with the plans' derived versions, which need the stacks (and terraform).
  const catalog = await runtime.catalog({ stacks: options.outdated === true });
  const records = await runtime.records();
  const all = await listInstances(records, catalog);
  const listed = options.all ? all : all.filter((i) => !i.deleted);
  const instances = options.outdated ? listed.filter((i) => !i.deleted && i.maintenance.outdated) : listed;
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ instances }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (instances.length === 0) {
    io.stdout.write(
      options.outdated ? `no outdated instances in ${config.stateDir}\n` : `no instances in ${config.stateDir}\n`,
    );
    return EXIT.ok;
  }
  if (options.outdated) {
    const rows = instances.map((i) => [
      i.id,
      i.service.name,
      i.plan.name,
      i.maintenance.applied ?? "-",
      i.maintenance.current ?? "-",
    ]);
    io.stdout.write(table(["ID", "SERVICE", "PLAN", "APPLIED", "CURRENT"], rows));
    return EXIT.ok;
  }
  const rows = instances.map((i) => [
    i.id,
    i.service.name,
    i.plan.name,
    i.deleted ? "deleted" : i.status,
    i.last_operation ? `${i.last_operation.type} ${i.last_operation.state}` : "-",
    i.created_at,
  ]);
  io.stdout.write(table(["ID", "SERVICE", "PLAN", "STATUS", "LAST OPERATION", "CREATED"], rows));
  return EXIT.ok;
}

/**
 * The version an instance was applied with and its plan's current one; outdated when they differ
 * (an instance of a plan that is gone from the catalog is not: nothing can upgrade it).
 */
function maintenanceOf(applied: string | undefined, current: string | undefined) {
  return { applied: applied ?? null, current: current ?? null, outdated: current !== undefined && applied !== current };
}

/** The `instances --json` entries, oldest first. */
export async function listInstances(records: Records, catalog: Catalog) {
  const ids = await records.listInstanceIds();
  const out = [];
  for (const id of ids) {
    const instance = await records.getInstance(id);
    if (instance === undefined) continue;
    const service = catalog.services.find((s) => s.id === instance.serviceId);
    const plan = catalog.planById(instance.planId);
    const last = await records.getOperation(id, instance.lastOperationId);
    out.push({
      id,
      service: { id: instance.serviceId, name: service?.name ?? "(not in catalog)" },
      plan: { id: instance.planId, name: plan?.name ?? "(not in catalog)" },
      status: instance.status,
      deleted: instance.deleted === true,
      last_operation: last ? { id: last.id, type: last.type, state: last.state, description: last.description } : null,
      created_at: instance.createdAt,
      maintenance: maintenanceOf(instance.maintenanceInfo?.version, plan?.maintenance_info?.version),
    });
  }
  return out.sort((a, b) => a.created_at.localeCompare(b.created_at));
}
