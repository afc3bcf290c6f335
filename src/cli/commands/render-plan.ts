import type { PlanReport, ResourceReport } from "../../broker/dry-run/plan-report.js";

const SYMBOL: Record<ResourceReport["action"], string> = { create: "+", update: "~", replace: "-/+", delete: "-" };
const VERB: Record<ResourceReport["action"], string> = {
  create: "create",
  update: "update in place",
  replace: "replace",
  delete: "destroy",
};

/** A value in one line: JSON, long ones cut at 80 characters. */
export function formatValue(value: unknown): string {
  const text = JSON.stringify(value) ?? "null";
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Nothing worth showing for a new resource: null, "", [] or {}. */
const isEmpty = (value: unknown) =>
  value === null ||
  value === "" ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === "object" && value !== null && Object.keys(value).length === 0);

/**
 * A resource's lines: the attributes whose planned value is known (for a create, those that are not
 * empty), sensitive ones by name only, and one line naming those known only after apply.
 */
function resourceLines(resource: ResourceReport): string[] {
  const because = resource.replaced_because_of?.length
    ? ` (${resource.replaced_because_of.join(", ")} forces replacement)`
    : "";
  const lines = [
    `  ${SYMBOL[resource.action].padEnd(3)} ${resource.address}  ${VERB[resource.action]}${because}${resource.stateful ? "  [holds data]" : ""}`,
  ];
  const shown = resource.attributes.filter(
    (a) => !a.known_after_apply && !(resource.action === "create" && !a.sensitive && isEmpty(a.after)),
  );
  const width = Math.max(0, ...shown.map((a) => a.name.length));
  for (const a of shown) {
    const after = a.sensitive ? "(sensitive)" : formatValue(a.after);
    const value =
      resource.action === "create"
        ? `= ${after}`
        : `${a.sensitive ? "(sensitive)" : formatValue(a.before)} -> ${after}`;
    lines.push(`        ${a.name.padEnd(width)}  ${value}`);
  }
  const later = resource.attributes.filter((a) => a.known_after_apply).map((a) => a.name);
  if (later.length > 0) lines.push(`        known after apply: ${later.join(", ")}`);
  return lines;
}

/**
 * The human summary of a dry-run (stdout of `plan` without `--json`): the request, where terraform
 * planned, each resource change with the attributes that change, the credential names a binding would
 * receive, warnings, and for an update whether the broker would accept it.
 */
export function renderPlan(report: PlanReport): string {
  const what =
    report.kind === "create"
      ? `create a ${report.service.name} instance (plan ${report.plan.name}), id ${report.instance_id}`
      : `update instance ${report.instance_id} of ${report.service.name} (plan ${report.previous_plan?.name ?? "?"}${report.previous_plan?.id === report.plan.id ? "" : ` -> ${report.plan.name}`})`;
  const lines = [`Dry-run: ${what}`, `Planned against: ${report.target.description}`];
  const parameters = Object.entries(report.parameters).map(([name, value]) => `${name}=${formatValue(value)}`);
  lines.push(`Parameters: ${parameters.length > 0 ? parameters.join(", ") : "none"}`, "");
  const { create, update, replace, delete: destroy } = report.summary;
  if (report.resources.length === 0) {
    lines.push(
      report.has_changes
        ? "No resource changes (only outputs would change)."
        : "No changes: the cloud already matches this request.",
    );
  } else {
    lines.push(
      `Terraform would create ${create}, update ${update} in place, replace ${replace} and destroy ${destroy}:`,
      "",
    );
    for (const resource of report.resources) lines.push(...resourceLines(resource));
  }
  lines.push(
    "",
    `Credentials a binding would receive: ${report.credentials.length > 0 ? report.credentials.join(", ") : "none (not bindable)"}`,
  );
  if (report.warnings.length > 0) {
    lines.push("", "Warnings:");
    for (const warning of report.warnings) lines.push(`  ! ${warning.message}`);
  }
  if (report.kind === "update") {
    lines.push(
      "",
      report.refused
        ? `The broker would refuse this update (${report.refused.status}): ${report.refused.description}`
        : "The broker would accept this update.",
    );
  }
  return `${lines.join("\n")}\n`;
}
