import type { OsbTestClient } from "../helpers/osb-test-client.js";
import type { PlanReport } from "../../src/broker/dry-run/plan-report.js";

/** One prerequisite: met or not, in one line, and what to do when not. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly needs?: readonly string[];
}

/** Whether one plan can run: what its terraform plan would create, or what is missing. */
export interface PlanReadiness {
  readonly name: string;
  readonly ok: boolean;
  readonly problems: readonly string[];
  /** Resource type -> how many the instance stack creates (the terraform plan's count; bindings add theirs). */
  readonly creates: Readonly<Record<string, number>>;
  /** Credential names a binding would receive. */
  readonly credentials: readonly string[];
}

/** Everything checked before anything is created. `ready`: every check and every plan ok. */
export interface Preflight {
  readonly checks: readonly Check[];
  readonly plans: readonly PlanReadiness[];
  readonly ready: boolean;
}

/** The request a plan's preview sends. */
export interface PreviewRequest {
  readonly name: string;
  readonly instanceId: string;
  readonly serviceId: string;
  readonly planId: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/**
 * A terraform plan of the instance stack through the broker (`POST /x-preview/service_instances/:id`,
 * docs/cli.md): read-only — data sources look up the flavors, images, networks... the plan names,
 * nothing is created, the broker writes nothing. A lookup that fails comes back as terraform's error.
 */
export async function previewPlan(client: OsbTestClient, request: PreviewRequest): Promise<PlanReadiness> {
  const response = await client.send("POST", `/x-preview/service_instances/${request.instanceId}`, {
    body: { service_id: request.serviceId, plan_id: request.planId, parameters: request.parameters },
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: reported below with the status
  }
  const failed = (problem: string): PlanReadiness => ({
    name: request.name,
    ok: false,
    problems: [problem],
    creates: {},
    credentials: [],
  });
  if (response.status !== 200) {
    const description = typeof body.description === "string" ? body.description : text.slice(0, 500);
    if (response.status === 422)
      return failed(description.replace(/^terraform could not plan this request: /, "terraform plan: "));
    if (response.status === 400) return failed(`the broker refused the request: ${description}`);
    return failed(`the preview answered ${response.status}: ${description}`);
  }
  const report = body as unknown as PlanReport;
  const creates: Record<string, number> = {};
  for (const resource of report.resources)
    if (resource.action === "create") creates[resource.type] = (creates[resource.type] ?? 0) + 1;
  const problems = report.warnings.filter((w) => w.kind === "quota").map((w) => w.message);
  return { name: request.name, ok: problems.length === 0, problems, creates, credentials: report.credentials };
}

/** The plan whose instance creates the most resources, and how many: the peak a run needs quota for. */
export function largestPlan(
  plans: readonly PlanReadiness[],
): { name: string; total: number; creates: Readonly<Record<string, number>> } | undefined {
  let best: { name: string; total: number; creates: Readonly<Record<string, number>> } | undefined;
  for (const plan of plans) {
    const total = Object.values(plan.creates).reduce((a, b) => a + b, 0);
    if (total > 0 && (best === undefined || total > best.total))
      best = { name: plan.name, total, creates: plan.creates };
  }
  return best;
}
