import { Fn } from "cdktf";
import { KeymanagerSecretV1 } from "../../gen/providers/openstack/keymanager-secret-v1/index.js";
import { defineService } from "../../src/synth/service-definition.js";
import { restrictedApplicationCredential } from "../_lib/application-credential.js";
import { instanceResourceName, requireSetting } from "../_lib/names.js";

type Kind = "symmetric" | "passphrase";

/**
 * A Barbican secret holding a broker-generated value (32 random url-safe characters, never in
 * cdk.tf.json). Setting `secret_type`: `symmetric` (a 256-bit AES key: the 32 characters as raw
 * bytes, stored base64) or `passphrase` (text). Parameter `expiration` (RFC 3339, optional).
 *
 * Each binding gets an application credential that may only read this secret and its payload,
 * so the key stays in Barbican and the app fetches it at run time.
 */
export default defineService({
  providers: ["openstack"],
  credentials: ["type", "provider", "secret_ref", "secret_id"],
  secrets: { instance: ["payload"] },
  instance(scope, ctx) {
    const kind = requireSetting(
      ctx,
      "secret_type",
      (v): v is Kind => v === "symmetric" || v === "passphrase",
      "symmetric or passphrase",
    );
    const secret = new KeymanagerSecretV1(scope, "secret", {
      name: instanceResourceName(ctx),
      secretType: kind,
      expiration: ctx.param("expiration"),
      ...(kind === "symmetric"
        ? {
            algorithm: "aes",
            bitLength: 256,
            mode: "cbc",
            payload: Fn.base64encode(ctx.secret("payload")),
            payloadContentType: "application/octet-stream",
            payloadContentEncoding: "base64",
          }
        : { payload: ctx.secret("payload"), payloadContentType: "text/plain" }),
    });
    ctx.output("type", "barbican");
    ctx.output("provider", "openstack-barbican");
    ctx.output("secret_ref", secret.secretRef);
    ctx.output("secret_id", Fn.regex("[^/]*$", secret.secretRef));
  },
  binding(scope, ctx) {
    const id = ctx.instanceOutput("secret_id");
    restrictedApplicationCredential(scope, ctx, {
      service: "key-manager",
      paths: [`/v1/secrets/${id}`, `/v1/secrets/${id}/payload`],
      methods: ["GET"],
      description: `Open Service Broker binding: read Barbican secret ${id} only`,
    });
  },
});
