/** What plan selection reads of a catalog: names only, so any catalog of that shape works. */
export interface Named {
  readonly name: string;
}
export interface SelectableService<P extends Named = Named> extends Named {
  readonly plans: readonly P[];
}

/** One selected plan, named `service/plan`. */
export interface SelectedPlan<S, P> {
  readonly name: string;
  readonly service: S;
  readonly plan: P;
}

/** A pattern that matches no plan; the message lists what exists. */
export class PlanSelectionError extends Error {
  override name = "PlanSelectionError";
}

/**
 * The plans `patterns` name, in catalog order, each once: `service/plan`, `service` or `service/*`
 * (every plan of the service), `*` (everything). No pattern: every plan. Throws PlanSelectionError
 * naming every pattern that matches nothing and the services or plans that exist.
 */
export function selectPlans<S extends SelectableService>(
  services: readonly S[],
  patterns: readonly string[],
): SelectedPlan<S, S["plans"][number]>[] {
  const all = services.flatMap((service) =>
    service.plans.map((plan: S["plans"][number]) => ({ name: `${service.name}/${plan.name}`, service, plan })),
  );
  if (patterns.length === 0) return all;
  const chosen = new Set<string>();
  const problems: string[] = [];
  for (const pattern of patterns) {
    const [serviceName, planName, extra] = pattern.split("/");
    if (pattern === "*") {
      all.forEach((p) => chosen.add(p.name));
      continue;
    }
    const service = services.find((s) => s.name === serviceName);
    if (extra !== undefined || service === undefined) {
      problems.push(
        `${JSON.stringify(pattern)}: no such service (services: ${services.map((s) => s.name).join(", ")})`,
      );
      continue;
    }
    if (planName === undefined || planName === "*") {
      service.plans.forEach((p) => chosen.add(`${service.name}/${p.name}`));
      continue;
    }
    if (!service.plans.some((p) => p.name === planName)) {
      problems.push(
        `${JSON.stringify(pattern)}: service ${service.name} has no plan ${JSON.stringify(planName)} (its plans: ${service.plans.map((p) => p.name).join(", ")})`,
      );
      continue;
    }
    chosen.add(pattern);
  }
  if (problems.length > 0) throw new PlanSelectionError(`LIVE_PLANS / arguments:\n  ${problems.join("\n  ")}`);
  return all.filter((p) => chosen.has(p.name));
}

/** The instance id a live run gives a plan: `<runId>-<service>-<plan>`, lower-case letters, digits and '-'. */
export function liveInstanceId(runId: string, planName: string): string {
  return `${runId}-${planName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}`;
}
