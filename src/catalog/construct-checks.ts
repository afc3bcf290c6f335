import type { PlanDefinition } from "../domain/service-catalog.js";
import type { ServiceDefinition } from "../synth/service-definition.js";
import type { SynthesisResult } from "../synth/synthesize.js";

/** A mistake of a construct against its plan, at a field of the plan (`credentials`, `schemas.bind`). */
export interface ConstructProblem {
  /** Relative to the plan: `credentials`, `schemas`, `schemas.bind`; empty for the plan itself. */
  readonly field: string;
  readonly message: string;
}

/** What {@link constructProblems} compares. */
export interface ConstructCheckInput {
  readonly plan: PlanDefinition;
  readonly definition: ServiceDefinition;
  /** The stack file, for messages: `stacks/x/index.ts`. */
  readonly stackFile: string;
  readonly instance: SynthesisResult;
  readonly binding?: SynthesisResult;
}

const declared = (schema: Readonly<Record<string, unknown>> | undefined) =>
  Object.keys((schema?.properties ?? {}) as Record<string, unknown>);
const list = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(", ");
const are = (names: readonly string[], one: string, many: string) => (names.length === 1 ? one : many);

/**
 * The construct kit's checks (`catalog validate` and start-up): the credentials a plan or its
 * construct names are outputs of the instance stack; every parameter a stack reads is declared by
 * the plan's schemas (create or update for the instance, bind for the binding); every instance output
 * a binding stack reads is an output of the instance stack.
 */
export function constructProblems(input: ConstructCheckInput): ConstructProblem[] {
  const { plan, definition, stackFile, instance, binding } = input;
  const problems: ConstructProblem[] = [];
  const outputs = instance.outputs;
  const outputList = outputs.join(", ") || "none";
  const missing = plan.credentials.filter((name) => !outputs.includes(name));
  if (missing.length > 0)
    problems.push({
      field: "credentials",
      message: `${missing.join(", ")} ${are(missing, "is not an output", "are not outputs")} of ${stackFile} (outputs: ${outputList})`,
    });
  const own = (definition.credentials ?? []).filter((name) => !outputs.includes(name) && !missing.includes(name));
  if (own.length > 0)
    problems.push({
      field: "",
      message: `${stackFile}: its credentials ${list(own)} ${are(own, "is not an output", "are not outputs")} of its instance stack (outputs: ${outputList})`,
    });
  const instanceDeclared = [...declared(plan.schemas.create), ...declared(plan.schemas.update)];
  const undeclared = instance.reads.parameters.filter((name) => !instanceDeclared.includes(name));
  if (undeclared.length > 0)
    problems.push({
      field: "schemas",
      message: `${stackFile} reads parameter ${list(undeclared)}, which neither schemas.create nor schemas.update of this plan declares`,
    });
  if (binding) {
    const bindDeclared = declared(plan.schemas.bind);
    const unbound = binding.reads.parameters.filter((name) => !bindDeclared.includes(name));
    if (unbound.length > 0)
      problems.push({
        field: "schemas.bind",
        message: `${stackFile}'s binding stack reads parameter ${list(unbound)}, which schemas.bind of this plan does not declare`,
      });
    const absent = binding.reads.instanceOutputs.filter((name) => !outputs.includes(name));
    if (absent.length > 0)
      problems.push({
        field: "",
        message: `${stackFile}'s binding stack reads instance output ${list(absent)}, which its instance stack does not declare (outputs: ${outputList})`,
      });
  }
  return problems;
}
