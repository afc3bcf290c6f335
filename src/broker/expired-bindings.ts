import type { RequestMeta } from "../domain/request-meta.js";
import type { ServiceBroker } from "../domain/service-broker.js";
import type { BindingRecord, Records } from "../state/records.js";
import { isExpired } from "./binding-expiry.js";

/** One binding whose credential has expired and that no platform has unbound. */
export interface ExpiredBinding {
  readonly instanceId: string;
  readonly bindingId: string;
  readonly serviceId: string;
  readonly planId: string;
  readonly expiresAt: string;
  readonly status: BindingRecord["status"];
  /** The binding it rotated, if any. */
  readonly predecessorBindingId?: string;
}

/**
 * The expired bindings still in the store (not unbound), oldest expiry first. A platform that
 * rotates may never unbind a rotated predecessor: these hold cloud resources (a Keystone application
 * credential that no longer authenticates) until an operator cleans them up.
 */
export async function listExpiredBindings(records: Records, now: number = Date.now()): Promise<ExpiredBinding[]> {
  const out: ExpiredBinding[] = [];
  for (const instanceId of await records.listInstanceIds()) {
    for (const binding of await records.listBindings(instanceId)) {
      if (binding.deleted || !isExpired(binding, now)) continue;
      out.push({
        instanceId,
        bindingId: binding.id,
        serviceId: binding.serviceId,
        planId: binding.planId,
        expiresAt: binding.expiresAt!,
        status: binding.status,
        ...(binding.predecessorBindingId ? { predecessorBindingId: binding.predecessorBindingId } : {}),
      });
    }
  }
  return out.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
}

/**
 * How many expired bindings are not unbound: the value of a gauge such as
 * `openstack_broker_expired_bindings` (the metrics endpoint calls this; it reads records only).
 */
export async function countExpiredBindings(records: Records, now: number = Date.now()): Promise<number> {
  return (await listExpiredBindings(records, now)).length;
}

/** The outcome of cleaning up one expired binding. */
export interface CleanupResult extends ExpiredBinding {
  readonly outcome: "unbound" | "failed";
  readonly error?: string;
}

/**
 * Unbinds each expired binding through the broker (synchronously: the worker destroys its binding
 * stack), one at a time; a refusal or failure is reported for that binding and the others go on.
 * MUST go through `ServiceBroker.unbind`, so the operation is persisted and run like a platform's.
 */
export async function cleanUpExpiredBindings(
  broker: Pick<ServiceBroker, "unbind">,
  expired: readonly ExpiredBinding[],
  meta: RequestMeta,
): Promise<CleanupResult[]> {
  const results: CleanupResult[] = [];
  for (const binding of expired) {
    try {
      await broker.unbind(
        binding.instanceId,
        binding.bindingId,
        { service_id: binding.serviceId, plan_id: binding.planId },
        { ...meta, acceptsIncomplete: false },
      );
      results.push({ ...binding, outcome: "unbound" });
    } catch (error) {
      const description = (error as { description?: string }).description ?? (error as Error).message;
      results.push({ ...binding, outcome: "failed", error: description });
    }
  }
  return results;
}
