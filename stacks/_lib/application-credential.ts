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
  /**
   * The construct id, for a binding with more than one credential. Default: `credential`, named
   * `osb-<binding id>` in Keystone; another id `x` is named `osb-<binding id>-x` (Keystone refuses
   * two application credentials of one name for a user).
   */
  readonly id?: string;
  /** Prefix of the four credential names (`swift_` gives `swift_auth_url`...). Default: none. */
  readonly outputPrefix?: string;
}

/** The construct id of a credential made without {@link RestrictedApplicationCredentialProps.id}. */
const DEFAULT_ID = "credential";

/**
 * A binding's Keystone application credential limited by access rules to some paths of one
 * service, named `osb-<binding id>`; declares the credentials `auth_url`, `auth_type`,
 * `application_credential_id` and `application_credential_secret` (Keystone generates the secret).
 * One per binding by default; a second one in the same scope MUST have its own `id` and
 * `outputPrefix` (the same id twice is refused).
 */
export function restrictedApplicationCredential(
  scope: Construct,
  ctx: BindingContext,
  props: RestrictedApplicationCredentialProps,
): IdentityApplicationCredentialV3 {
  if (props.paths.length === 0 || props.methods.length === 0)
    throw new Error("restrictedApplicationCredential: give at least one path and one method");
  const id = props.id ?? DEFAULT_ID;
  if (scope.node.tryFindChild(id)) {
    throw new Error(
      `restrictedApplicationCredential: this scope has a "${id}" already; give each credential its own id and outputPrefix`,
    );
  }
  const credential = new IdentityApplicationCredentialV3(scope, id, {
    name: id === DEFAULT_ID ? bindingResourceName(ctx) : `${bindingResourceName(ctx)}-${id}`,
    description: props.description,
    unrestricted: false,
    accessRules: props.paths.flatMap((path) =>
      props.methods.map((method) => ({ service: props.service, method, path })),
    ),
  });
  outputApplicationCredential(scope, ctx, credential, props.outputPrefix);
  return credential;
}

/**
 * Declares the credentials of an application credential (see above), each name after `prefix`
 * (default none): one prefix per credential of a binding.
 */
export function outputApplicationCredential(
  scope: Construct,
  ctx: BindingContext,
  credential: IdentityApplicationCredentialV3,
  prefix = "",
): void {
  ctx.output(`${prefix}auth_url`, serviceEndpoint(scope, "identity"));
  ctx.output(`${prefix}auth_type`, "v3applicationcredential");
  ctx.output(`${prefix}application_credential_id`, credential.id);
  ctx.output(`${prefix}application_credential_secret`, credential.secret, { sensitive: true });
}
