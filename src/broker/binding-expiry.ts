import { parseDuration, utcTimestamp } from "../domain/durations.js";
import { badRequest } from "../domain/errors.js";
import type { BindingMetadata } from "../domain/service-broker.js";
import type { PlanDefinition } from "../domain/service-catalog.js";

/** The part of the lifetime before expiry in which a platform should rotate, when the plan does not say. */
export const DEFAULT_RENEW_BEFORE = 0.2;

/** When a new binding's credential expires and when it should be rotated (UTC, literal `Z`). */
export interface BindingExpiry {
  readonly expiresAt: string;
  readonly renewBefore: string;
}

/**
 * The expiry of a new binding of `plan` whose stack can expire (`bindingsExpire`), at `now`: the
 * request's `expires_at` when it gives one (400 when it is not in the future, or later than the plan's
 * `binding_lifetime` allows), else `now + binding_lifetime`; undefined when neither (never expires).
 * `renewBefore` is `renew_before` before the expiry: a fraction of the time from now to expiry, or a
 * duration (never before now).
 */
export function bindingExpiry(plan: PlanDefinition, requested: unknown, now: number): BindingExpiry | undefined {
  const lifetime = plan.binding_lifetime === undefined ? undefined : parseDuration(plan.binding_lifetime);
  let expires: number | undefined;
  if (typeof requested === "string") {
    expires = Date.parse(requested);
    if (Number.isNaN(expires))
      throw badRequest(`parameters.expires_at: ${JSON.stringify(requested)} is not a date-time`);
    if (expires <= now) throw badRequest(`parameters.expires_at: ${requested} is not in the future`);
    if (lifetime !== undefined && expires > now + lifetime)
      throw badRequest(
        `parameters.expires_at: ${requested} is later than plan ${plan.name}'s binding_lifetime (${plan.binding_lifetime}) allows (${utcTimestamp(now + lifetime)})`,
      );
  } else if (lifetime !== undefined) {
    expires = now + lifetime;
  }
  if (expires === undefined) return undefined;
  const renew = plan.renew_before ?? DEFAULT_RENEW_BEFORE;
  const window = typeof renew === "number" ? renew * (expires - now) : (parseDuration(renew) ?? 0);
  return { expiresAt: utcTimestamp(expires), renewBefore: utcTimestamp(Math.max(now, expires - window)) };
}

/** True when a binding with this expiry has expired at `now` (a binding without one never does). */
export function isExpired(binding: { readonly expiresAt?: string }, now: number): boolean {
  return binding.expiresAt !== undefined && Date.parse(binding.expiresAt) <= now;
}

/** The OSB `metadata` of a binding: present only when its credential expires. */
export function bindingMetadata(binding: {
  readonly expiresAt?: string;
  readonly renewBefore?: string;
}): BindingMetadata | undefined {
  if (binding.expiresAt === undefined) return undefined;
  return { expires_at: binding.expiresAt, renew_before: binding.renewBefore ?? binding.expiresAt };
}

/**
 * A new binding's values and expiry: for a stack whose bindings expire, `values.expires_at` becomes
 * the computed expiry (what terraform receives); other stacks' bindings never expire.
 */
export function withExpiry(
  definition: { readonly bindingsExpire?: boolean },
  plan: PlanDefinition,
  values: Readonly<Record<string, unknown>>,
  now: number,
): { values: Readonly<Record<string, unknown>>; expiry: Partial<BindingExpiry> } {
  if (definition.bindingsExpire !== true) return { values, expiry: {} };
  const expiry = bindingExpiry(plan, values.expires_at, now);
  return expiry === undefined
    ? { values, expiry: {} }
    : { values: { ...values, expires_at: expiry.expiresAt }, expiry };
}
