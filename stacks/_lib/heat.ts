import { Token, ref } from "cdktf";
import type { Construct } from "constructs";
import { OrchestrationStackV1 } from "../../gen/providers/openstack/orchestration-stack-v1/index.js";
import { heatTemplateProblems } from "./heat-template-rules.js";

/** Props of {@link heatStack}. */
export interface HeatStackProps {
  /** The Heat stack's name. */
  readonly name: string;
  /** The HOT template text (a literal written by the platform engineer, or a variable token). */
  readonly template: string;
  /** Template parameters (values are strings for Heat; tokens welcome). Default: none. */
  readonly parameters?: Record<string, string> | string;
}

/**
 * The `environment_opts` every stack sets: an empty Heat environment. With the argument unset,
 * terraform-provider-openstack 3.4.0 still builds an environment (`buildEnvironmentOpts` in
 * openstack/orchestration_stack_v1.go returns a non-nil `stacks.Environment` for a nil map) and
 * gophercloud then fetches the working directory as its content: Heat refuses the create with "Data
 * in neither json nor yaml format" (upstream issue #1833). The provider's docs
 * (docs/resources/orchestration_stack_v1.md) and every acceptance config
 * (openstack/resource_openstack_orchestration_stack_v1_test.go) set `{ Bin = "\n" }`.
 */
export const EMPTY_HEAT_ENVIRONMENT: Readonly<Record<string, string>> = { Bin: "\n" };

/**
 * An `openstack_orchestration_stack_v1` with the construct id `id` and the empty environment
 * ({@link EMPTY_HEAT_ENVIRONMENT}); read its outputs with {@link heatOutput} / {@link heatOutputs}.
 * Give each Heat stack of a scope its own `id` (and its own Heat `name`: Heat refuses two stacks of
 * one name in a project). Directly in the terraform stack its logical id is `id`
 * (`openstack_orchestration_stack_v1.<id>`); inside a nested construct cdktf derives a unique one
 * from the construct path, so helpers that each make a stack `queue` in their own construct do not
 * collide. A template given as a
 * literal must not contain `${` or `%{` (terraform would evaluate them): the constructor refuses it.
 *
 * Outputs: the provider stores each Heat output's `output_value` as a string; one output whose value
 * is a list or a map makes its `d.Set("outputs", ...)` fail and the stack's `outputs` stay empty,
 * all of them (upstream issue #1612). Templates written in a construct MUST give string outputs
 * (`list_join` a list).
 */
export function heatStack(scope: Construct, id: string, props: HeatStackProps): OrchestrationStackV1 {
  if (!Token.isUnresolved(props.template) && /[$%]\{/.test(props.template)) {
    throw new Error(
      `heatStack ${id}: the template contains "\${" or "%{", which terraform would evaluate; use Heat's get_param instead`,
    );
  }
  const problems = Token.isUnresolved(props.template) ? [] : heatTemplateProblems(props.template);
  if (problems.length > 0)
    throw new Error(`heatStack ${id}: Heat or the provider would refuse or lose this template: ${problems.join("; ")}`);
  const stack = new OrchestrationStackV1(scope, id, {
    name: props.name,
    templateOpts: { Bin: props.template },
    // MUST be set (upstream #1833): see EMPTY_HEAT_ENVIRONMENT.
    environmentOpts: { ...EMPTY_HEAT_ENVIRONMENT },
    parameters:
      typeof props.parameters === "string"
        ? (Token.asAny(props.parameters) as unknown as Record<string, string>)
        : props.parameters,
    disableRollback: false,
  });
  return stack;
}

/** One output of a Heat stack by key, as a string (null when the template has no such output). */
export function heatOutput(stack: OrchestrationStackV1, key: string): string {
  const address = `openstack_orchestration_stack_v1.${stack.friendlyUniqueId}`;
  return Token.asString(ref(`one([for o in ${address}.outputs : o.output_value if o.output_key == "${key}"])`));
}

/** All outputs of a Heat stack as a map from output key to value. */
export function heatOutputs(stack: OrchestrationStackV1): unknown {
  const address = `openstack_orchestration_stack_v1.${stack.friendlyUniqueId}`;
  return Token.asAny(ref(`{ for o in ${address}.outputs : o.output_key => o.output_value }`));
}
