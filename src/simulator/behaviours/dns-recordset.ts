import { randomUUID } from "node:crypto";
import { SimulatedApiError } from "../api-errors.js";
import { designateZones } from "../designate-zones.js";
import { unexpectedResponse } from "../service-errors.js";
import { num, setIfUnknown, str, type ResourceBehaviour } from "./types.js";

const TYPE = "openstack_dns_recordset_v2";

/** Designate's answer to `POST /v2/zones/<zone>/recordsets` that the provider wraps. */
function refused(zone: string, status: number, type: string, message: string): SimulatedApiError {
  const response = unexpectedResponse({
    method: "POST",
    service: "dns",
    path: `/v2/zones/${zone}/recordsets`,
    expected: [201, 202],
    status,
    body: { code: status, type, message, request_id: "req-simulated" },
  });
  return new SimulatedApiError(`Error creating ${TYPE}: ${response}`);
}

/**
 * openstack_dns_recordset_v2 (Designate). The provider's id is `<zone_id>/<recordset id>`
 * (resourceDNSRecordSetV2Create). Designate answers 404 `zone_not_found` for a zone the project does
 * not have, 400 `invalid_recordset_location` for a name outside the zone, 409 `duplicate_recordset`
 * for a name and type the zone already holds; the TTL defaults to the zone's.
 */
export const dnsRecordset: ResourceBehaviour = {
  id: (state) => (str(state, "zone_id") ? `${str(state, "zone_id")}/${randomUUID()}` : undefined),
  async check(state, context) {
    if (context.operation !== "create") return;
    const zoneId = str(state, "zone_id") ?? "";
    const zone = (await designateZones(context.config, context.store)).find((z) => z.id === zoneId);
    if (!zone) throw refused(zoneId, 404, "zone_not_found", "Could not find Zone");
    const name = str(state, "name") ?? "";
    const zoneName = String(zone.name);
    if (name !== zoneName && !name.endsWith(`.${zoneName}`))
      throw refused(zoneId, 400, "invalid_recordset_location", "RecordSet is not contained within it's parent zone");
    const taken = (await context.store.list(TYPE)).some(
      (r) => r.state.zone_id === zoneId && r.state.name === name && r.state.type === state.type,
    );
    if (taken) throw refused(zoneId, 409, "duplicate_recordset", "Duplicate RecordSet");
  },
  async fill(state, context) {
    const zoneId = str(state, "zone_id");
    const zone = (await designateZones(context.config, context.store)).find((z) => z.id === zoneId);
    setIfUnknown(state, "ttl", num(zone ?? {}, "ttl") ?? 3600);
    setIfUnknown(state, "description", "");
  },
};
