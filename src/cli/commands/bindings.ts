import type { Catalog } from "../../catalog/catalog.js";
import type { BrokerConfig } from "../../config/broker-config.js";
import { cleanUpExpiredBindings, listExpiredBindings, type ExpiredBinding } from "../../broker/expired-bindings.js";
import { createRuntime } from "../../runtime/create-runtime.js";
import type { Records } from "../../state/records.js";
import { CONFIG_HELP, parseCommandArgs } from "./args.js";
import { CliError, EXIT, type CliIo } from "./io.js";
import { startOperatorBroker } from "./operator-broker.js";
import { table } from "./table.js";

export const BINDINGS_HELP = `usage: openstack-broker bindings [--expired] [--all] [--json]
       openstack-broker bindings cleanup-expired [--apply] [--json]

Lists the service bindings in the state store: instance, id, plan, status, expires_at and the binding
each rotated (predecessor). An expired binding's credential no longer works, but its cloud resources
(a Keystone application credential) stay until it is unbound; a platform that rotates may never
unbind the predecessor.
  --expired   only bindings whose credential has expired and that are not unbound
  --all       include unbound bindings
  --json      {"bindings": [...]}

cleanup-expired lists the expired bindings it would unbind (a dry run, exit 0); with --apply it
unbinds each one as a platform's DELETE would (the binding stack is destroyed, the record kept as
unbound) and exits 1 if any failed. It runs terraform in this process: the same state store, cloud
and simulator settings as the broker.

${CONFIG_HELP}`;

/** `openstack-broker bindings`. */
export async function bindingsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { options, positionals, config } = parseCommandArgs(
    "bindings",
    args,
    { expired: { type: "boolean" }, all: { type: "boolean" }, json: { type: "boolean" }, apply: { type: "boolean" } },
    io,
    1,
  );
  if (options.help) return (void io.stdout.write(`${BINDINGS_HELP}\n`), EXIT.ok);
  const [sub] = positionals;
  if (sub !== undefined && sub !== "cleanup-expired")
    throw new CliError(`bindings: unknown subcommand ${JSON.stringify(sub)} (see 'openstack-broker bindings --help')`);
  if (sub === undefined && options.apply) throw new CliError("bindings: --apply belongs to 'bindings cleanup-expired'");
  const runtime = createRuntime(config, { readOnly: true, env: io.env });
  const catalog = await runtime.catalog({ stacks: false });
  const records = await runtime.records();
  if (sub === "cleanup-expired")
    return cleanupExpired(await listExpiredBindings(records), { catalog, config, options, io });

  const now = Date.now();
  const all = await listBindings(records, catalog, now);
  const bindings = all.filter((b) => (options.expired ? b.expired && !b.deleted : options.all || !b.deleted));
  if (options.json) return (void io.stdout.write(`${JSON.stringify({ bindings }, null, 2)}\n`), EXIT.ok);
  if (bindings.length === 0) {
    io.stdout.write(`no ${options.expired ? "expired " : ""}bindings in ${config.stateDir}\n`);
    return EXIT.ok;
  }
  const rows = bindings.map((b) => [
    b.instance_id,
    b.id,
    `${b.service}/${b.plan}`,
    b.deleted ? "unbound" : b.expired ? "expired" : b.status,
    b.expires_at ?? "never",
    b.predecessor_binding_id ?? "-",
  ]);
  io.stdout.write(table(["INSTANCE", "BINDING", "PLAN", "STATUS", "EXPIRES", "ROTATED FROM"], rows));
  if (options.expired)
    io.stdout.write(`${bindings.length} expired binding(s); 'bindings cleanup-expired' removes them\n`);
  return EXIT.ok;
}

/** The `bindings --json` entries, by instance then creation. */
async function listBindings(records: Records, catalog: Catalog, now: number) {
  const out = [];
  for (const instanceId of await records.listInstanceIds()) {
    const bindings = (await records.listBindings(instanceId)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    for (const b of bindings) {
      const plan = catalog.planById(b.planId);
      out.push({
        instance_id: instanceId,
        id: b.id,
        service: plan ? catalog.serviceOf(plan).name : "(not in catalog)",
        plan: plan?.name ?? "(not in catalog)",
        status: b.status,
        deleted: b.deleted === true,
        expired: b.expiresAt !== undefined && Date.parse(b.expiresAt) <= now,
        expires_at: b.expiresAt,
        renew_before: b.renewBefore,
        predecessor_binding_id: b.predecessorBindingId,
        created_at: b.createdAt,
      });
    }
  }
  return out;
}

/** What `cleanup-expired` works with. */
interface CleanupContext {
  readonly catalog: Catalog;
  readonly config: BrokerConfig;
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  readonly io: CliIo;
}

async function cleanupExpired(expired: readonly ExpiredBinding[], context: CleanupContext): Promise<number> {
  const { catalog, config, options, io } = context;
  const planName = (b: ExpiredBinding) => catalog.planById(b.planId)?.name ?? "(not in catalog)";
  if (!options.apply) {
    if (options.json) {
      io.stdout.write(`${JSON.stringify({ dry_run: true, bindings: expired }, null, 2)}\n`);
      return EXIT.ok;
    }
    for (const b of expired)
      io.stdout.write(`would unbind ${b.instanceId}/${b.bindingId} (plan ${planName(b)}, expired ${b.expiresAt})\n`);
    io.stdout.write(`${expired.length} expired binding(s); run with --apply to unbind them\n`);
    return EXIT.ok;
  }
  if (expired.length === 0) {
    io.stdout.write(options.json ? `${JSON.stringify({ results: [] }, null, 2)}\n` : "no expired bindings\n");
    return EXIT.ok;
  }
  const operator = await startOperatorBroker(config, io.env);
  try {
    const results = await cleanUpExpiredBindings(operator.broker, expired, {
      apiVersion: "2.17",
      originatingIdentity: { platform: "openstack-broker-cli", value: { command: "bindings cleanup-expired" } },
      acceptsIncomplete: false,
    });
    if (options.json) io.stdout.write(`${JSON.stringify({ results }, null, 2)}\n`);
    else
      for (const r of results)
        io.stdout.write(
          r.outcome === "unbound"
            ? `unbound ${r.instanceId}/${r.bindingId} (expired ${r.expiresAt})\n`
            : `failed ${r.instanceId}/${r.bindingId}: ${r.error}\n`,
        );
    return results.some((r) => r.outcome === "failed") ? EXIT.error : EXIT.ok;
  } finally {
    await operator.close();
  }
}
