import { Token } from "cdktf";
import { DnsZoneV2 } from "../../gen/providers/openstack/dns-zone-v2/index.js";
import { defineService } from "../../src/synth/service-definition.js";
import { restrictedApplicationCredential } from "../_lib/application-credential.js";
import { requireSetting } from "../_lib/names.js";

/**
 * A Designate DNS zone. Setting `zone_type`: `PRIMARY` (records managed here) or `SECONDARY`
 * (transferred from `masters`). Parameters: `zone` (the FQDN with its trailing dot), `email`, `ttl`,
 * `description`, `masters` (SECONDARY only: list of IP addresses).
 *
 * Each binding gets an application credential limited to the zone's record sets (what external-dns
 * or cert-manager needs), or read-only access on a SECONDARY zone.
 *
 * A SECONDARY zone stays PENDING until Designate's first successful transfer from `masters`, and
 * the provider's create waits for ACTIVE (`Pending: PENDING, Target: ACTIVE`, 10 minutes) and only
 * then records the zone's id (resourceDNSZoneV2Create, openstack/resource_openstack_dns_zone_v2.go):
 * masters that are slow or not reachable yet fail the provision and leave a zone terraform does not
 * know. So SECONDARY zones set `disable_status_check`: the zone is recorded as soon as Designate
 * accepts it and becomes ACTIVE by itself after the first transfer.
 */
export default defineService({
  providers: ["openstack"],
  credentials: ["type", "provider", "zone", "zone_id"],
  instance(scope, ctx) {
    const zoneType = requireSetting(
      ctx,
      "zone_type",
      (v): v is "PRIMARY" | "SECONDARY" => v === "PRIMARY" || v === "SECONDARY",
      "PRIMARY or SECONDARY",
    );
    const zone = new DnsZoneV2(scope, "zone", {
      name: ctx.param("zone"),
      type: zoneType,
      email: zoneType === "PRIMARY" ? ctx.param("email") : undefined,
      masters: zoneType === "SECONDARY" ? Token.asList(ctx.param("masters")) : undefined,
      ttl: Token.asNumber(ctx.param("ttl")),
      description: ctx.param("description"),
      disableStatusCheck: zoneType === "SECONDARY" ? true : undefined,
    });
    ctx.output("zone_id", zone.id);
    ctx.output("type", "dns");
    ctx.output("provider", "openstack-designate");
    ctx.output("zone", zone.name);
  },
  binding(scope, ctx) {
    const zoneId = ctx.instanceOutput("zone_id");
    const writable = ctx.plan.settings.zone_type === "PRIMARY";
    restrictedApplicationCredential(scope, ctx, {
      service: "dns",
      paths: [`/v2/zones/${zoneId}`, `/v2/zones/${zoneId}/recordsets`, `/v2/zones/${zoneId}/recordsets/*`],
      methods: writable ? ["GET", "POST", "PUT", "PATCH", "DELETE"] : ["GET"],
      description: `Open Service Broker binding: record sets of DNS zone ${zoneId} only`,
    });
  },
});
