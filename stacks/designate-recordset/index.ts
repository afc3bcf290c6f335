import { Fn, Token, ref } from "cdktf";
import { DataOpenstackDnsZoneV2 } from "../../gen/providers/openstack/data-openstack-dns-zone-v2/index.js";
import { DnsRecordsetV2 } from "../../gen/providers/openstack/dns-recordset-v2/index.js";
import { defineService } from "../../src/synth/service-definition.js";

/** Designate ids are UUIDs. */
const UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/**
 * A Designate record set (`openstack_dns_recordset_v2`) in a zone that already exists in the
 * project (one the operator delegated, or a `designate-zone` instance's `zone`).
 *
 * Parameter `zone`: the zone's name, looked up with the `openstack_dns_zone_v2` data source (a name
 * matching no zone fails the plan: "Your query returned no results"), or its id, used as it is (the
 * data source has no id argument: data_source_openstack_dns_zone_v2.go; its count is then 0).
 * `name` is the fully qualified name Designate wants, inside the zone; `type`, `records`, `ttl`.
 * zone_id, name and type are ForceNew in provider 3.4.0 (resource_openstack_dns_recordset_v2.go),
 * so only records, ttl and description are in the update schema.
 *
 * Bindings create nothing: the credentials are the record set's FQDN, type and records.
 */
export default defineService({
  providers: ["openstack"],
  credentials: ["type", "provider", "fqdn", "record_type", "records", "zone_id", "ttl"],
  instance(scope, ctx) {
    const zoneParam = ctx.param("zone");
    const isId = Fn.can(Fn.regex(UUID, zoneParam));
    const lookup = new DataOpenstackDnsZoneV2(scope, "zone", {
      count: Token.asNumber(Fn.conditional(isId, 0, 1)),
      name: zoneParam,
    });
    const zoneId = Token.asString(
      Fn.conditional(
        isId,
        zoneParam,
        Fn.one(Token.asList(ref(`data.${lookup.terraformResourceType}.${lookup.friendlyUniqueId}[*].id`))),
      ),
    );
    const recordset = new DnsRecordsetV2(scope, "recordset", {
      zoneId,
      name: ctx.param("name"),
      type: ctx.param("type"),
      records: Token.asList(ctx.param("records")),
      ttl: Token.asNumber(ctx.param("ttl")),
      description: ctx.param("description"),
    });
    ctx.output("type", "dns");
    ctx.output("provider", "openstack-designate");
    ctx.output("fqdn", recordset.name);
    ctx.output("record_type", recordset.type);
    ctx.output("records", Fn.sort(recordset.records));
    ctx.output("ttl", recordset.ttl);
    ctx.output("zone_id", recordset.zoneId);
  },
});
