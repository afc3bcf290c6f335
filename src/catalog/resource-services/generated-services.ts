import { joinPath, type ProblemList } from "../catalog-error.js";
import type { ParsedService } from "../parse-file.js";
import { checkParametersSchema } from "../schema-checks.js";
import { RESOURCE_SERVICES_SOURCE, resourceServices } from "./index.js";

/**
 * The generated services RESOURCE_SERVICES selects, in the loader's form, so they go through the same
 * uniqueness and stack checks as the YAML catalog. A bad entry, or a generated schema ajv refuses, is
 * a problem named `RESOURCE_SERVICES: ...` (nothing is served).
 */
export function generatedServices(entries: readonly string[], problems: ProblemList): ParsedService[] {
  if (entries.length === 0) return [];
  const result = resourceServices(entries);
  for (const problem of result.problems) problems.add(RESOURCE_SERVICES_SOURCE, "", problem);
  return result.services.map((service, s) => {
    const path = `services[${s}]`;
    const plans = service.plans.map((plan, p) => {
      const planPath = joinPath(joinPath(path, "plans"), p);
      for (const [action, schema] of Object.entries(plan.schemas))
        for (const problem of checkParametersSchema(schema ?? {}))
          problems.add(
            RESOURCE_SERVICES_SOURCE,
            joinPath(joinPath(joinPath(planPath, "schemas"), action), problem.path || "$"),
            `${service.name}: ${problem.message}`,
          );
      return { plan, path: planPath };
    });
    return { service, file: RESOURCE_SERVICES_SOURCE, path, plans };
  });
}
