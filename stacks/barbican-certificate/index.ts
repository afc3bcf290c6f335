import { Fn, Op, TerraformIterator, Token, ref } from "cdktf";
import { KeymanagerContainerV1 } from "../../gen/providers/openstack/keymanager-container-v1/index.js";
import { KeymanagerSecretV1 } from "../../gen/providers/openstack/keymanager-secret-v1/index.js";
import { defineService, type StackContext } from "../../src/synth/service-definition.js";
import { NULL } from "../_lib/endpoints.js";
import { instanceResourceName, isBoolean, requireSetting } from "../_lib/names.js";

/** Plan setting `pems`: whether bindings hand out the PEMs (an ingress Secret) or only the reference. */
const pems = (ctx: StackContext) => requireSetting(ctx, "pems", isBoolean, "true or false");

/**
 * A Barbican certificate container (`openstack_keymanager_container_v1`, type `certificate`) for
 * TLS termination: an Octavia listener's `default_tls_container_ref`, or an ingress Secret. The
 * certificate, its private key and optional intermediates come in as create parameters (the plan's
 * schema marks them `writeOnly`, so they are sensitive terraform variables: never in cdk.tf.json,
 * masked in plans and logs); each is one `openstack_keymanager_secret_v1`. The broker generates no
 * key pair: material is uploaded only (README, "Why no self-signed plan").
 *
 * Setting `pems` (boolean, required): true hands `tls_crt`, `tls_key` (and `ca_crt` when
 * intermediates were given) to every binding; false hands out only the container reference.
 * Barbican secrets are immutable: a new certificate is a new instance.
 */
export default defineService({
  providers: ["openstack"],
  credentials: ["type", "provider", "container_ref", "container_id", "certificate_ref"],
  instance(scope, ctx) {
    pems(ctx);
    const name = instanceResourceName(ctx);
    const pem = (id: string, secretType: string, payload: unknown, count?: number) =>
      new KeymanagerSecretV1(scope, id, {
        name: `${name}-${id}`,
        secretType,
        payload: Token.asString(payload),
        payloadContentType: "text/plain",
        ...(count === undefined ? {} : { count }),
      });
    const certificate = pem("certificate", "certificate", ctx.param("certificate"));
    const key = pem("private_key", "private", ctx.param("private_key"));
    // MUST: the intermediates secret exists only when the parameter is given (a count, not a branch).
    const intermediates = pem(
      "intermediates",
      "certificate",
      ctx.param("intermediates"),
      Token.asNumber(Fn.conditional(Op.eq(ctx.param("intermediates"), NULL), 0, 1)),
    );
    const refs = TerraformIterator.fromList(
      Token.asAny(
        Fn.concat([
          [
            { name: "certificate", secret_ref: certificate.secretRef },
            { name: "private_key", secret_ref: key.secretRef },
          ],
          // zero or one entry: the intermediates secret has a count
          ref(
            `[for s in ${intermediates.terraformResourceType}.${intermediates.friendlyUniqueId} : { name = "intermediates", secret_ref = s.secret_ref }]`,
          ),
        ]),
      ),
    );
    const container = new KeymanagerContainerV1(scope, "container", {
      name,
      type: "certificate",
      secretRefs: refs.dynamic({ name: refs.getString("name"), secret_ref: refs.getString("secret_ref") }),
    });
    ctx.output("type", "barbican");
    ctx.output("provider", "openstack-barbican");
    ctx.output("container_ref", container.containerRef);
    ctx.output("container_id", Fn.regex("[^/]*$", container.containerRef));
    ctx.output("certificate_ref", certificate.secretRef);
    if (pems(ctx)) {
      ctx.output("certificate_pem", ctx.param("certificate"), { sensitive: true });
      ctx.output("private_key_pem", ctx.param("private_key"), { sensitive: true });
      ctx.output("intermediates_pem", ctx.param("intermediates"), { sensitive: true });
    }
  },
  binding(_scope, ctx) {
    if (!pems(ctx)) return;
    ctx.output("tls_crt", ctx.instanceOutput("certificate_pem"), { sensitive: true });
    ctx.output("tls_key", ctx.instanceOutput("private_key_pem"), { sensitive: true });
    ctx.output("ca_crt", ctx.instanceOutput("intermediates_pem"), { sensitive: true });
  },
});
