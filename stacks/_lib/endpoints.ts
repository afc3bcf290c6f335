import { Fn, Op, TerraformStack, Token, ref } from "cdktf";
import type { Construct } from "constructs";
import { DataOpenstackIdentityAuthScopeV3 } from "../../gen/providers/openstack/data-openstack-identity-auth-scope-v3/index.js";

/** Terraform's `null` as an expression (cdktf drops a JavaScript null inside function calls). */
export const NULL = Token.asAny(ref("null"));

const SCOPE_ID = "project_scope";

/**
 * The broker's own token scope (`openstack_identity_auth_scope_v3`): project id, region and the
 * service catalog of the cloud the stack runs against.
 *
 * Shared by design: one data source per terraform stack, `data.openstack_identity_auth_scope_v3.project_scope`,
 * a child of the stack whatever construct `scope` is; every call (and every {@link serviceEndpoint}
 * and {@link serviceRegion}) returns that one.
 */
export function projectScope(scope: Construct): DataOpenstackIdentityAuthScopeV3 {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(SCOPE_ID);
  if (existing instanceof DataOpenstackIdentityAuthScopeV3) return existing;
  if (existing) throw new Error(`projectScope: the stack has a construct "${SCOPE_ID}" that is not the auth scope`);
  return new DataOpenstackIdentityAuthScopeV3(stack, SCOPE_ID, { name: "broker" });
}

/**
 * The terraform expression of a service's endpoint URL in the catalog of `scope` (an expression of an
 * `openstack_identity_auth_scope_v3`: `region` and `service_catalog`), chosen the way the provider's
 * own clients choose it, so a binding gets the URL terraform itself talks to:
 * - in the scope's region (Keystone's endpoint `region` or `region_id`);
 * - when the region is "" — what the data source reports when the cloud entry has no `region_name`
 *   (`d.Set("region", GetRegion(d, config))` in data_source_openstack_identity_auth_scope_v3.go) —
 *   in any region, the first one listed: gophercloud's endpoint lookup ignores the region when none
 *   is configured and takes the first match (openstack/endpoint_location.go, GH-1764);
 * - null when the catalog has no such endpoint, so an output built from it is simply absent.
 */
export function endpointExpression(
  scope: string,
  serviceType: string,
  endpointInterface = "public",
  value = "e.url",
): string {
  const inRegion = `(${scope}.region == "" || e.region == ${scope}.region || e.region_id == ${scope}.region)`;
  return (
    `try([for e in flatten([for s in ${scope}.service_catalog : s.endpoints if s.type == "${serviceType}"]) : ` +
    `${value} if e.interface == "${endpointInterface}" && ${inRegion}][0], null)`
  );
}

/**
 * The region a client should name (`OS_REGION_NAME`, an S3 client's region) to reach the endpoint
 * {@link serviceEndpoint} picks: the provider's region, or, when the cloud entry names none (""), the
 * region of that endpoint. Null when the catalog has no such endpoint.
 */
export function serviceRegion(scope: Construct, serviceType: string, endpointInterface = "public"): string {
  return Token.asString(ref(regionExpression(projectScopeAddress(scope), serviceType, endpointInterface)));
}

/** The expression of {@link serviceRegion} over an auth-scope expression (see {@link endpointExpression}). */
export function regionExpression(scope: string, serviceType: string, endpointInterface = "public"): string {
  const region = endpointExpression(scope, serviceType, endpointInterface, `(e.region != "" ? e.region : e.region_id)`);
  return `(${scope}.region != "" ? ${scope}.region : ${region})`;
}

/**
 * The URL of a service's endpoint from the broker's service catalog (`object-store`, `identity`,
 * `s3`...) for the given interface, in the provider's region (any region when the cloud entry names
 * none): see {@link endpointExpression}. Null when the catalog has no such endpoint.
 */
export function serviceEndpoint(scope: Construct, serviceType: string, endpointInterface = "public"): string {
  return Token.asString(ref(endpointExpression(projectScopeAddress(scope), serviceType, endpointInterface)));
}

/** The terraform address of the stack's {@link projectScope}, creating it if needed. */
function projectScopeAddress(scope: Construct): string {
  return `data.openstack_identity_auth_scope_v3.${projectScope(scope).friendlyUniqueId}`;
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
