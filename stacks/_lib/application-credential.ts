import type { Construct } from "constructs";
import { IdentityApplicationCredentialV3 } from "../../gen/providers/openstack/identity-application-credential-v3/index.js";
import type { BindingContext } from "../../src/synth/service-definition.js";
import { serviceEndpoint } from "./endpoints.js";
import { bindingResourceName } from "./names.js";

/** Props of {@link restrictedApplicationCredential}. */
export interface RestrictedApplicationCredentialProps {
  /** Service type of the access rules (`object-store`, `dns`, `load-balancer`, `key-manager`...). */
  readonly service: string;
  /** API paths the credential may call (Keystone access-rule syntax: `*` one segment, `**` any). */
  readonly paths: readonly string[];
  /** HTTP methods allowed on every path. */
  readonly methods: readonly string[];
  /** What it is for, shown in Keystone. */
  readonly description: string;
}

/**
 * A binding's Keystone application credential limited by access rules to some paths of one
 * service, named `osb-<binding id>`; declares the credentials `auth_url`, `auth_type`,
 * `application_credential_id` and `application_credential_secret` (Keystone generates the secret).
 */
export function restrictedApplicationCredential(scope: Construct, ctx: BindingContext, props: RestrictedApplicationCredentialProps): IdentityApplicationCredentialV3 {
  if (props.paths.length === 0 || props.methods.length === 0) throw new Error("restrictedApplicationCredential: give at least one path and one method");
  const credential = new IdentityApplicationCredentialV3(scope, "credential", {
    name: bindingResourceName(ctx),
    description: props.description,
    unrestricted: false,
    accessRules: props.paths.flatMap((path) => props.methods.map((method) => ({ service: props.service, method, path }))),
  });
  outputApplicationCredential(scope, ctx, credential);
  return credential;
}

/** Declares the credentials of an application credential (see above). */
export function outputApplicationCredential(scope: Construct, ctx: BindingContext, credential: IdentityApplicationCredentialV3): void {
  ctx.output("auth_url", serviceEndpoint(scope, "identity"));
  ctx.output("auth_type", "v3applicationcredential");
  ctx.output("application_credential_id", credential.id);
  ctx.output("application_credential_secret", credential.secret, { sensitive: true });
}
