import { Fn, Op, Token, ref } from "cdktf";
import { defineService } from "../../src/synth/service-definition.js";
import { heatOutputs, heatStack } from "../_lib/heat.js";
import { instanceResourceName } from "../_lib/names.js";

/**
 * The message of the postcondition below: terraform-provider-openstack 3.4.0 stores each output's
 * `output_value` as a string, and one list- or map-valued output makes it keep none of the stack's
 * outputs (upstream issue #1612): without this check the binding's `outputs` would silently be `{}`.
 */
export const OUTPUTS_LOST_MESSAGE =
  "The Heat stack's outputs did not reach terraform: terraform-provider-openstack 3.4.0 keeps none of a stack's outputs " +
  "when one of them is a list or a map (issue #1612). Make every template output a string: join a list with list_join, " +
  "or serialize a structure as JSON with str_replace (Heat writes a list or map parameter of str_replace as JSON).";

/**
 * Bring your own Heat template: the `template` parameter (HOT YAML, validated by the plan's schema,
 * then by Heat) and its `parameters` (string values) make a stack named `osb-<instance id>`.
 * Template and parameters update in place (a Heat stack update). The template's outputs become the
 * credential `outputs` (a map from output key to value); there is no binding stack.
 */
export default defineService({
  providers: ["openstack"],
  credentials: ["type", "provider", "stack_id", "outputs"],
  instance(scope, ctx) {
    const template = ctx.param("template");
    const stack = heatStack(scope, "stack", {
      name: instanceResourceName(ctx),
      template,
      parameters: Fn.coalesce([ctx.param("parameters"), {}]),
    });
    // Every output the template declares must come back (see OUTPUTS_LOST_MESSAGE). A template
    // terraform cannot parse counts as declaring none (Heat reports what is wrong with it).
    stack.lifecycle = {
      postcondition: [
        {
          condition: Op.eq(
            Fn.lengthOf(ref("self.outputs")),
            Fn.lengthOf(Token.asList(ref(`try(keys(yamldecode(${template}).outputs), [])`))),
          ),
          errorMessage: OUTPUTS_LOST_MESSAGE,
        },
      ],
    };
    ctx.output("type", "heat");
    ctx.output("provider", "openstack-heat");
    ctx.output("stack_id", stack.id);
    ctx.output("outputs", heatOutputs(stack), { sensitive: true });
  },
});
