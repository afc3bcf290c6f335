import { createRuntime } from "../../runtime/create-runtime.js";
import { openStore } from "../../runtime/open-store.js";
import { createDriftRecords, type DriftResult } from "../../state/drift-records.js";
import { createDriftCheck, type DriftOutcome } from "../../worker/drift-check.js";
import { CONFIG_HELP, parseCommandArgs } from "./args.js";
import { CliError, EXIT, type CliIo } from "./io.js";
import { table } from "./table.js";

export const DRIFT_HELP = `usage: openstack-broker drift [--instance ID] [--show] [--json]

Drift reported, never corrected: 'terraform plan -refresh-only' of each ready instance's stack against
its stored state (or of --instance ID only), showing what changed in the cloud outside terraform.
It never applies: the cloud and the terraform states stay as they are. Each result (in_sync, drifted
with the resources and attribute names, or error, and when) is stored with the instance; GET
/v2/service_instances/:id returns it under metadata.attributes.drift. 'serve' runs the same check
every DRIFT_INTERVAL seconds (0, the default: never).
  --instance ID  check this instance only (exit 1 when it cannot be checked)
  --show         print the stored results without checking (no terraform)
  --json         {"instances": [{id, status, checked_at, resources?, error?, skipped?}]}

exit codes: 0 all in sync, 2 drift found, 1 an error (a check failed or could not run)

${CONFIG_HELP}`;

const OPTIONS = { instance: { type: "string" }, show: { type: "boolean" }, json: { type: "boolean" } } as const;

/** `openstack-broker drift`. */
export async function driftCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { options, config } = parseCommandArgs("drift", args, OPTIONS, io);
  if (options.help) return (void io.stdout.write(`${DRIFT_HELP}\n`), EXIT.ok);
  const only = options.instance as string | undefined;
  // Terraform runs over the store read-only (a refresh-only plan writes no state); only the drift
  // results are written, through the configured store.
  const runtime = createRuntime(config, { readOnly: true, env: io.env });
  try {
    const records = await runtime.records();
    const drift = createDriftRecords(await openStore(config, io.env));
    let outcomes: DriftOutcome[];
    if (options.show) {
      const ids = only !== undefined ? [only] : await records.listInstanceIds();
      outcomes = [];
      for (const instanceId of ids) {
        const result = await drift.get(instanceId);
        outcomes.push(result === undefined ? { instanceId, skipped: "never checked" } : { instanceId, result });
      }
    } else {
      await runtime.checkTerraform();
      const check = createDriftCheck({
        records,
        catalog: await runtime.catalog(),
        stacks: (await runtime.terraform()).stacks,
        drift,
        timeoutMs: config.operationTimeoutMs,
      });
      outcomes = only !== undefined ? [await check.checkInstance(only)] : await check.checkAll();
    }
    if (only !== undefined && "skipped" in outcomes[0] && !options.show)
      throw new CliError(`drift: --instance ${only}: not checked: ${outcomes[0].skipped}`);
    io.stdout.write(
      options.json ? `${JSON.stringify({ instances: outcomes.map(asJson) }, null, 2)}\n` : render(outcomes),
    );
    const results = outcomes.flatMap((o) => ("result" in o ? [o.result] : []));
    if (results.some((r) => r.status === "error")) return EXIT.error;
    return results.some((r) => r.status === "drifted") ? EXIT.changes : EXIT.ok;
  } finally {
    await runtime.close();
  }
}

function asJson(outcome: DriftOutcome) {
  if ("skipped" in outcome) return { id: outcome.instanceId, skipped: outcome.skipped };
  const r: DriftResult = outcome.result;
  return { id: outcome.instanceId, status: r.status, checked_at: r.checkedAt, resources: r.resources, error: r.error };
}

function render(outcomes: readonly DriftOutcome[]): string {
  if (outcomes.length === 0) return "no instances\n";
  const rows = outcomes.map((o) => {
    if ("skipped" in o) return [o.instanceId, "-", "-", `not checked: ${o.skipped}`];
    const r = o.result;
    const what =
      r.status === "drifted"
        ? (r.resources ?? [])
            .map(
              (res) => `${res.address} ${res.action}${res.attributes.length ? ` (${res.attributes.join(", ")})` : ""}`,
            )
            .join("; ")
        : (r.error ?? "");
    return [o.instanceId, r.status, r.checkedAt, what];
  });
  return table(["ID", "DRIFT", "CHECKED", "WHAT"], rows);
}
