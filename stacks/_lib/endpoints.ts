import { Fn, Op, Token, ref } from "cdktf";
import type { Construct } from "constructs";
import { DataOpenstackIdentityAuthScopeV3 } from "../../gen/providers/openstack/data-openstack-identity-auth-scope-v3/index.js";

/** Terraform's `null` as an expression (cdktf drops a JavaScript null inside function calls). */
export const NULL = Token.asAny(ref("null"));

const SCOPE_ID = "project_scope";

/**
 * The broker's own token scope (`openstack_identity_auth_scope_v3`): project id, region and the
 * service catalog of the cloud the stack runs against. Created once per stack.
 */
export function projectScope(scope: Construct): DataOpenstackIdentityAuthScopeV3 {
  const existing = scope.node.tryFindChild(SCOPE_ID);
  if (existing) return existing as DataOpenstackIdentityAuthScopeV3;
  const data = new DataOpenstackIdentityAuthScopeV3(scope, SCOPE_ID, { name: "broker" });
  data.overrideLogicalId(SCOPE_ID);
  return data;
}

/**
 * The URL of a service's endpoint from the service catalog (`object-store`, `identity`, `s3`...), in
 * the provider's region, for the given interface. Null when the catalog has no such endpoint, so an
 * output built from it is simply absent.
 */
export function serviceEndpoint(scope: Construct, serviceType: string, endpointInterface = "public"): string {
  projectScope(scope);
  const data = `data.openstack_identity_auth_scope_v3.${SCOPE_ID}`;
  const expression =
    `try(one(flatten([for s in ${data}.service_catalog : ` +
    `[for e in s.endpoints : e.url if e.interface == "${endpointInterface}" && e.region == ${data}.region] ` +
    `if s.type == "${serviceType}"])), null)`;
  return Token.asString(ref(expression));
}

/**
 * `format(pattern, values...)`, or null when any value is null (e.g. an endpoint the cloud lacks).
 * A conditional, not `try()`: terraform plans `try(format(..null..))` as unknown on every run.
 */
export function formatOrNull(pattern: string, ...values: unknown[]): string {
  return formatOr(NULL, pattern, ...values);
}

/** `format(pattern, values...)`, or `fallback` when any value is null. */
export function formatOr(fallback: unknown, pattern: string, ...values: unknown[]): string {
  const anyNull = values.map((value) => Op.eq(value, NULL)).reduce((a, b) => Op.or(a, b));
  return Token.asString(Fn.conditional(anyNull, fallback, Fn.format(pattern, values)));
}

/**
 * The value, or "" when it is null. (`coalesce(x, "")` is an error in terraform when x is null:
 * coalesce skips empty strings too.) Give it a plain reference, not a conditional: cdktf does not
 * parenthesize a conditional nested in a comparison.
 */
export function orEmpty(value: string): string {
  return Token.asString(Fn.conditional(Op.eq(value, NULL), "", value));
}
