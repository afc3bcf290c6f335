import { Fn, Op, Token } from "cdktf";
import { defineService } from "../../src/synth/service-definition.js";
import { TerraformData } from "./terraform-data.js";

/**
 * The broker's own test service: terraform built-ins only, so whole lifecycles run with real terraform
 * and no provider download. Parameters (see test/fixtures/catalog/terraform-test.yaml):
 * - message: echoed back as the credential `message`;
 * - sleep_seconds: a local-exec sleep during apply (slow operations, crash and cancel tests);
 * - fail_on: "apply" | "destroy" | "bind" — a local-exec that exits 1 at that step;
 * - fail_after_first: one resource is created, the next one fails (partial state).
 */
export default defineService({
  instance(scope, ctx) {
    // The plan's `generation` setting replaces `message` (the stateful resource) when the plan changes.
    const message = new TerraformData(scope, "message", {
      input: ctx.param("message"),
      triggersReplace: ctx.plan.settings.generation ?? 1,
    });
    const when = (condition: unknown) => Token.asNumber(Fn.conditional(condition, 1, 0));
    const sleepSeconds = Token.asNumber(Fn.coalesce([ctx.param("sleep_seconds"), 0]));

    new TerraformData(scope, "sleep", {
      triggersReplace: sleepSeconds,
      dependsOn: [message],
      provisioners: [{ type: "local-exec", command: `sleep ${sleepSeconds}` }],
    });
    new TerraformData(scope, "fail_apply", {
      count: when(Op.eq(ctx.param("fail_on"), "apply")),
      dependsOn: [message],
      provisioners: [{ type: "local-exec", command: "echo 'simulated failure during apply' >&2; exit 1" }],
    });
    new TerraformData(scope, "fail_destroy", {
      count: when(Op.eq(ctx.param("fail_on"), "destroy")),
      provisioners: [
        { type: "local-exec", when: "destroy", command: "echo 'simulated failure during destroy' >&2; exit 1" },
      ],
    });
    const failAfterFirst = when(Op.eq(ctx.param("fail_after_first"), true));
    const first = new TerraformData(scope, "first", { count: failAfterFirst, input: "first" });
    new TerraformData(scope, "second", {
      count: failAfterFirst,
      dependsOn: [first],
      provisioners: [{ type: "local-exec", command: "echo 'simulated failure after the first resource' >&2; exit 1" }],
    });

    ctx.output("message", message.output);
    ctx.output("fail_on", ctx.param("fail_on"));
  },

  binding(scope, ctx) {
    const credential = new TerraformData(scope, "credential", {
      input: {
        binding_id: ctx.bindingId,
        message: Fn.conditional(
          Op.neq(ctx.param("message"), Token.nullValue()),
          ctx.param("message"),
          ctx.instanceOutput("message"),
        ),
      },
    });
    new TerraformData(scope, "fail_bind", {
      count: Token.asNumber(Fn.conditional(Op.eq(ctx.instanceOutput("fail_on"), "bind"), 1, 0)),
      provisioners: [{ type: "local-exec", command: "echo 'simulated failure during bind' >&2; exit 1" }],
    });
    ctx.output("message", Fn.lookup(credential.output, "message"));
    ctx.output("binding_id", ctx.bindingId);
  },

  credentials: ["message"],
  statefulResources: ["terraform_data.message"],
});
