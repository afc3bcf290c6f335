import { relative } from "node:path";
import type { Catalog } from "./catalog.js";
import type { PlanDefinition } from "../domain/service-catalog.js";
import { synthesize, type SynthesisResult } from "../synth/synthesize.js";
import { constructProblems } from "./construct-checks.js";
import { checkStackOnce, saveStackVerdicts } from "./stack-verdicts.js";

/** A problem found by synthesizing a plan, named by file and field like the catalog's own. */
export interface StackProblem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

/**
 * Checks what loading cannot: that each plan's instance (and binding) stack synthesizes with the
 * plan's defaults, and the construct against its plan (construct-checks.ts: credentials are outputs,
 * parameters read are declared, instance outputs read exist). Problems point at the plan in its
 * catalog file (`catalog/x.yaml: services[0].plans[1]`, or a field of it) and name the stack file.
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
      // The field leads the message, after the plan's name: `(plan small) credentials: nope is not an output ...`.
      const add = (message: string, field = "") =>
        problems.push({
          file: service.source,
          path,
          message: `(plan ${plan.name}) ${field ? `${field}: ` : ""}${message}`,
        });
      const definition = catalog.stackFor(plan);
      if (plan.binding_lifetime !== undefined && definition.bindingsExpire !== true)
        add(
          `the bindings of ${stackFile} cannot expire (its definition does not set bindingsExpire)`,
          "binding_lifetime",
        );
      if (plan.binding_rotatable === true && !(plan.bindable ?? service.bindable))
        add("the plan is not bindable", "binding_rotatable");
      // The slow part (a synthesis per plan): skipped when it passed before with the same inputs (stack-verdicts.ts).
      checkStackOnce(`${stacksDir}/${plan.stack}/index.ts`, service, plan, () => {
        const before = problems.length;
        try {
          const stacks = synthesizePlan(catalog, plan);
          for (const problem of constructProblems({ plan, definition, stackFile, ...stacks }))
            add(problem.message, problem.field);
        } catch (error) {
          add(`${stackFile}: ${(error as Error).message}`);
        }
        return problems.length === before;
      });
    });
  }
  saveStackVerdicts();
  return problems;
}

function synthesizePlan(
  catalog: Catalog,
  plan: PlanDefinition,
): { instance: SynthesisResult; binding?: SynthesisResult } {
  const service = catalog.serviceOf(plan);
  const definition = catalog.stackFor(plan);
  // The plan's defaults only: parameters a request must give are absent (null), as terraform would see them.
  const values = { ...plan.defaults };
  const secrets = (names: readonly string[] | undefined) => Object.fromEntries((names ?? []).map((n) => [n, "check"]));
  const common = { definition, service, plan, values, instanceId: "catalog-check", backend: "local" as const };
  let instance: SynthesisResult;
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
      const binding = synthesize({
        ...common,
        kind: "binding",
        values: {},
        bindingId: "catalog-check",
        instanceOutputs,
        secrets: secrets(definition.secrets?.binding),
      });
      return { instance, binding };
    } catch (error) {
      throw new Error(`the binding stack does not synthesize: ${(error as Error).message}`);
    }
  }
  return { instance };
}

/** One line per problem: `catalog/x.yaml: services[0].plans[1]: (plan small) ...`. */
export function formatStackProblems(problems: readonly StackProblem[]): string {
  return problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join("\n");
}
