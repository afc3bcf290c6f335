import { Fn } from "cdktf";
import { defineService, type StackContext } from "../../src/synth/service-definition.js";
import { restrictedApplicationCredential } from "../_lib/application-credential.js";
import { formatOrNull, serviceEndpoint } from "../_lib/endpoints.js";
import { heatOutput, heatStack } from "../_lib/heat.js";
import { bindingResourceName, instanceResourceName, requireSetting } from "../_lib/names.js";
import { QUEUE_TEMPLATE, SIGNED_URL_TEMPLATE } from "./templates.js";

const ACCESS = ["signed-url", "application-credential"] as const;
type Access = (typeof ACCESS)[number];
const access = (ctx: StackContext) =>
  requireSetting(ctx, "access", (v): v is Access => ACCESS.includes(v as Access), `one of ${ACCESS.join(", ")}`);

/**
 * A Zaqar message queue. The OpenStack provider has no Zaqar resource, so the queue is a Heat stack
 * (`OS::Zaqar::Queue`). Plan setting `access` chooses what a binding gets:
 * - `signed-url`: a pre-signed queue URL (`OS::Zaqar::SignedQueueURL`, a Heat stack per binding);
 * - `application-credential`: a Keystone application credential limited to this queue's API paths.
 *
 * Parameters: `default_message_ttl` (seconds, create); `ttl` (seconds the signature lives, bind,
 * signed-url only; default one year).
 */
export default defineService({
  providers: ["openstack"],
  credentials: ["type", "provider", "queue", "uri"],
  instance(scope, ctx) {
    access(ctx);
    const stack = heatStack(scope, "queue", {
      name: instanceResourceName(ctx),
      template: QUEUE_TEMPLATE,
      parameters: {
        queue_name: instanceResourceName(ctx),
        default_message_ttl: Fn.tostring(ctx.param("default_message_ttl")),
      },
    });
    ctx.output("stack_id", stack.id);
    ctx.output("type", "zaqar");
    ctx.output("provider", "openstack-zaqar");
    ctx.output("queue", heatOutput(stack, "queue_id"));
    ctx.output(
      "uri",
      formatOrNull("%s/v2/queues/%s", serviceEndpoint(scope, "messaging"), heatOutput(stack, "queue_id")),
    );
  },
  binding(scope, ctx) {
    const queue = ctx.instanceOutput("queue");
    if (access(ctx) === "application-credential") {
      restrictedApplicationCredential(scope, ctx, {
        service: "messaging",
        paths: [`/v2/queues/${queue}`, `/v2/queues/${queue}/**`],
        methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
        description: `Open Service Broker binding: access to Zaqar queue ${queue} only`,
      });
      return;
    }
    const signed = heatStack(scope, "signed_url", {
      name: bindingResourceName(ctx),
      template: SIGNED_URL_TEMPLATE,
      parameters: { queue_name: queue, ttl: Fn.tostring(Fn.coalesce([ctx.param("ttl"), 31536000])) },
    });
    ctx.output("signature", heatOutput(signed, "signature"), { sensitive: true });
    ctx.output("expires", heatOutput(signed, "expires"));
    ctx.output("project_id", heatOutput(signed, "project"));
    ctx.output("paths", heatOutput(signed, "paths"));
    ctx.output("methods", heatOutput(signed, "methods"));
  },
});
