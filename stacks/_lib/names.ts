import { Fn, Token } from "cdktf";
import type { BindingContext, StackContext } from "../../src/synth/service-definition.js";

/**
 * The OpenStack name of an instance's resources: `osb-<instance id>`. The id is a variable token, so
 * the name is computed by terraform and never carries a request value into cdk.tf.json.
 */
export function instanceResourceName(ctx: StackContext, suffix = ""): string {
  return `osb-${ctx.instanceId}${suffix}`;
}

/**
 * A short, safe account name for a binding: `<prefix>` + the first 15 hex digits of sha1(binding id).
 * Always [a-z0-9], 16 characters with the default prefix: within MySQL's 32 and PostgreSQL's 63
 * limits, whatever characters the platform put in the binding id.
 */
export function bindingAccountName(ctx: BindingContext, prefix = "u"): string {
  return `${prefix}${Fn.substr(Fn.sha1(ctx.bindingId), 0, 15)}`;
}

/** The OpenStack name of a binding's resources: `osb-<binding id>`. */
export function bindingResourceName(ctx: BindingContext): string {
  return `osb-${ctx.bindingId}`;
}

/**
 * A Nova key pair name for an instance or binding id: `osb-<id>` when the id is made of letters,
 * digits, `_` and `-` only (at most 200), else `osb-` + the 40 hex digits of sha1(id).
 *
 * The provider creates key pairs with compute microversion 2.1 (2.10 only with `user_id`:
 * openstack/resource_openstack_compute_keypair_v2.go), and below 2.92 Nova accepts only
 * `[a-zA-Z0-9 _-]`, at most 255 characters; platforms' ids may hold `.` or other characters. Ids
 * that were already valid keep the name they always had (no replacement of existing key pairs).
 */
export function keypairName(id: string): string {
  return Token.asString(
    Fn.conditional(Fn.can(Fn.regex("^[A-Za-z0-9_-]{1,200}$", id)), `osb-${id}`, `osb-${Fn.sha1(id)}`),
  );
}

/** A plan setting the construct requires, with a clear message when the catalog omits it. */
export function requireSetting<T>(
  ctx: StackContext,
  name: string,
  check: (value: unknown) => value is T,
  what: string,
): T {
  const value = ctx.plan.settings[name];
  if (!check(value)) {
    throw new Error(
      `plan ${ctx.plan.serviceName}/${ctx.plan.name}: settings.${name} must be ${what} (got ${JSON.stringify(value)})`,
    );
  }
  return value;
}

/** Type guard for `requireSetting`: a non-empty string. */
export const isString = (value: unknown): value is string => typeof value === "string" && value.length > 0;
/** Type guard for `requireSetting`: an integer. */
export const isInteger = (value: unknown): value is number => Number.isInteger(value);
/** Type guard for `requireSetting`: a boolean. */
export const isBoolean = (value: unknown): value is boolean => typeof value === "boolean";
