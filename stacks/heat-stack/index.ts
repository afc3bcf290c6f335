import { Fn } from "cdktf";
import { defineService } from "../../src/synth/service-definition.js";
import { heatOutputs, heatStack } from "../_lib/heat.js";
import { instanceResourceName } from "../_lib/names.js";

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
    const stack = heatStack(scope, "stack", {
      name: instanceResourceName(ctx),
      template: ctx.param("template"),
      parameters: Fn.coalesce([ctx.param("parameters"), {}]),
    });
    ctx.output("type", "heat");
    ctx.output("provider", "openstack-heat");
    ctx.output("stack_id", stack.id);
    ctx.output("outputs", heatOutputs(stack), { sensitive: true });
  },
});
