/**
 * openstack_dns_zone_v2 (Designate): the inventory's zones and the zones created in the simulated
 * cloud, with the provider's filters and result handling.
 */
import { SimulatedApiError } from "./api-errors.js";
import { designateZones } from "./designate-zones.js";
import { keep, setNumber, text, type LookupReader } from "./lookup-results.js";

/**
 * data_source_openstack_dns_zone_v2.go: zones.List by name, description, email, status, ttl and type
 * (each when set: `d.GetOk`), then exactly one ("Your query returned no results. ..." / "more than
 * one result.").
 */
export const dnsZone: LookupReader = async (config, sim, cloud) => {
  const ttl = setNumber(config, "ttl");
  const matches = (await designateZones(sim, cloud.store)).filter(
    (z) =>
      ["name", "description", "email", "status", "type"].every(
        (key) => !text(config, key) || z[key] === text(config, key),
      ) &&
      (ttl === undefined || z.ttl === ttl),
  );
  if (matches.length < 1)
    throw new SimulatedApiError("Your query returned no results. Please change your search criteria and try again.");
  if (matches.length > 1)
    throw new SimulatedApiError("Your query returned more than one result. Please try a more specific search criteria");
  return keep(config, matches[0]);
};
