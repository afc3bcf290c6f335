import { Token, ref } from "cdktf";
import type { Construct } from "constructs";
import { OrchestrationStackV1 } from "../../gen/providers/openstack/orchestration-stack-v1/index.js";

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
 * An `openstack_orchestration_stack_v1` whose logical id is `id`, so {@link heatOutput} can read
 * its outputs. A template given as a literal must not contain `${` or `%{` (terraform would
 * evaluate them): the constructor refuses it.
 */
export function heatStack(scope: Construct, id: string, props: HeatStackProps): OrchestrationStackV1 {
  if (!Token.isUnresolved(props.template) && /[$%]\{/.test(props.template)) {
    throw new Error(`heatStack ${id}: the template contains "\${" or "%{", which terraform would evaluate; use Heat's get_param instead`);
  }
  const stack = new OrchestrationStackV1(scope, id, {
    name: props.name,
    templateOpts: { Bin: props.template },
    parameters: typeof props.parameters === "string" ? (Token.asAny(props.parameters) as unknown as Record<string, string>) : props.parameters,
    disableRollback: false,
  });
  stack.overrideLogicalId(id);
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
