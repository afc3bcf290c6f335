import { relative } from "node:path";
import type { Catalog } from "./catalog.js";
import type { PlanDefinition } from "../domain/service-catalog.js";
import { synthesize } from "../synth/synthesize.js";

/** A problem found by synthesizing a plan, named by file and field like the catalog's own. */
export interface StackProblem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

/**
 * Checks what loading cannot: that each plan's instance (and binding) stack synthesizes with the
 * plan's defaults, and that the credentials the
 * plan lists are outputs of the instance stack. Problems point at the plan in its catalog file
 * (`catalog/x.yaml: services[0].plans[1]`) and name the stack file.
 */
export function checkCatalogStacks(catalog: Catalog, stacksDir: string, cwd: string): StackProblem[] {
  const problems: StackProblem[] = [];
  const perFile = new Map<string, number>();
  for (const service of catalog.services) {
    const index = perFile.get(service.source) ?? 0;
    perFile.set(service.source, index + 1);
    service.plans.forEach((plan, p) => {
      const path = `services[${index}].plans[${p}]`;
      const stackFile = relative(cwd, `${stacksDir}/${plan.stack}/index.ts`);
      const add = (message: string) =>
        problems.push({ file: service.source, path, message: `(plan ${plan.name}) ${message}` });
      const definition = catalog.stackFor(plan);
      if (plan.binding_lifetime !== undefined && definition.bindingsExpire !== true)
        add(
          `binding_lifetime: the bindings of ${stackFile} cannot expire (its definition does not set bindingsExpire)`,
        );
      if (plan.binding_rotatable === true && !(plan.bindable ?? service.bindable))
        add("binding_rotatable: the plan is not bindable");
      try {
        const outputs = synthesizePlan(catalog, plan);
        const missing = plan.credentials.filter((name) => !outputs.includes(name));
        if (missing.length > 0)
          add(
            `credentials: ${missing.join(", ")} ${missing.length === 1 ? "is not an output" : "are not outputs"} of ${stackFile} (outputs: ${outputs.join(", ") || "none"})`,
          );
      } catch (error) {
        add(`${stackFile}: ${(error as Error).message}`);
      }
    });
  }
  return problems;
}

function synthesizePlan(catalog: Catalog, plan: PlanDefinition): string[] {
  const service = catalog.serviceOf(plan);
  const definition = catalog.stackFor(plan);
  // The plan's defaults only: parameters a request must give are absent (null), as terraform would see them.
  const values = { ...plan.defaults };
  const secrets = (names: readonly string[] | undefined) => Object.fromEntries((names ?? []).map((n) => [n, "check"]));
  const common = { definition, service, plan, values, instanceId: "catalog-check", backend: "local" as const };
  let instance;
  try {
    instance = synthesize({ ...common, kind: "instance", secrets: secrets(definition.secrets?.instance) });
  } catch (error) {
    throw new Error(`the instance stack does not synthesize: ${(error as Error).message}`);
  }
  if (definition.binding !== undefined && (plan.bindable ?? service.bindable)) {
    try {
      const instanceOutputs = Object.fromEntries(
        instance.outputs.map((name) => [name, { value: null, sensitive: false }]),
      );
      synthesize({
        ...common,
        kind: "binding",
        values: {},
        bindingId: "catalog-check",
        instanceOutputs,
        secrets: secrets(definition.secrets?.binding),
      });
    } catch (error) {
      throw new Error(`the binding stack does not synthesize: ${(error as Error).message}`);
    }
  }
  return [...instance.outputs];
}

/** One line per problem: `catalog/x.yaml: services[0].plans[1]: (plan small) ...`. */
export function formatStackProblems(problems: readonly StackProblem[]): string {
  return problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join("\n");
}
