import { SimulatedApiError } from "../api-errors.js";
import { isObject } from "../block-values.js";
import { designateZones } from "../designate-zones.js";
import { unexpectedResponse } from "../service-errors.js";
import { setIfUnknown, str, type ResourceBehaviour } from "./types.js";

const TYPE = "openstack_dns_zone_v2";

/** Go's `time.Duration.String()` for whole seconds (10m → "10m0s"). */
function goDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** Seconds of a terraform timeout string ("10m", "1h30m", "45s"); undefined when unset. */
function timeoutSeconds(text: unknown): number | undefined {
  if (typeof text !== "string" || text === "") return undefined;
  let total = 0;
  for (const [, value, unit] of text.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g))
    total += Number(value) * (unit === "h" ? 3600 : unit === "m" ? 60 : 1);
  return Math.round(total);
}

/**
 * openstack_dns_zone_v2 (Designate). A zone name already in the cloud is 409 `duplicate_zone`. The
 * provider's create (resource_openstack_dns_zone_v2.go) waits for ACTIVE, Pending PENDING, for the
 * create timeout (default 10 minutes) unless `disable_status_check`, and only then sets the id. A
 * SECONDARY zone stays PENDING until its first transfer from `masters`: when they do not answer
 * (config `services.designate.secondaryMastersAnswer: false`) the wait times out — reported at once
 * here, without waiting — and the zone stays in Designate while terraform records nothing (upstream
 * #1111: the next apply gets the 409).
 */
export const dnsZone: ResourceBehaviour = {
  async check(state, context) {
    if (context.operation !== "create") return;
    const name = str(state, "name");
    // The project's zones: the inventory's (delegated before any stack) and the created ones.
    const existing = await designateZones(context.config, context.store);
    if (!existing.some((zone) => zone.name === name)) return;
    throw new SimulatedApiError(
      `Error creating ${TYPE}: ${unexpectedResponse({
        method: "POST",
        service: "dns",
        path: "/v2/zones",
        expected: [201, 202],
        status: 409,
        body: { code: 409, type: "duplicate_zone", message: "Duplicate Zone", request_id: "req-simulated" },
      })}`,
    );
  },
  fill(state, context) {
    setIfUnknown(state, "type", "PRIMARY");
    setIfUnknown(state, "ttl", 3600);
    setIfUnknown(state, "email", "");
    setIfUnknown(state, "description", "");
    const secondary = state.type === "SECONDARY";
    if (
      !context.prior &&
      secondary &&
      !context.config.services.designate.secondaryMastersAnswer &&
      state.disable_status_check !== true
    ) {
      const timeouts = isObject(state.timeouts as never) ? (state.timeouts as Record<string, unknown>) : {};
      const limit = goDuration(timeoutSeconds(timeouts.create) ?? 600);
      // The id is not set yet when the provider formats this message: hence the double space.
      throw new SimulatedApiError(
        `Error waiting for ${TYPE}  to become active: timeout while waiting for state to become 'ACTIVE' (last state: 'PENDING', timeout: ${limit})`,
        true,
      );
    }
  },
};
