import { isMapping } from "./cloud-files.js";
import type { FieldReader } from "./cloud-field-reader.js";

/**
 * The one region of a clouds.yaml entry, as openstacksdk's loader picks it when no region is asked
 * for (`get_one(cloud)`; openstack/config/loader.py `_get_known_regions` / `_get_region`):
 * - `regions:` wins: its first entry, a name or `{ name, values }` whose `values` are laid over the
 *   entry (`auth` merged key by key, every other key replaced);
 * - else `region_name`, of which a comma-separated list (deprecated there) means its first name.
 * Returns the entry with exactly that `region_name` (none when no region is configured) and no
 * `regions`: the form terraform's provider reads the same way (gophercloud ignores `regions` unless
 * the provider names a region, and keeps a comma-separated `region_name` as one string).
 * MUST refuse what openstacksdk refuses (a malformed region entry) and what it resolves surprisingly
 * (`region_name` next to a `regions` list whose first entry is another region: openstacksdk takes
 * the list's first, ignoring `region_name`).
 */
export function selectRegion(entry: Record<string, unknown>, r: FieldReader): Record<string, unknown> {
  const { regions, region_name: _ignored, ...rest } = entry;
  const regionName = r.string(entry, "region_name");
  if (regions === undefined || regions === null) {
    if (regionName === undefined) return rest;
    const names = regionName.split(",").map((name) => name.trim());
    if (names.some((name) => name === "")) r.fail("region_name", "a comma-separated list with an empty name");
    return { ...rest, region_name: names[0] };
  }
  if (!Array.isArray(regions) || regions.length === 0)
    r.fail("regions", "must be a non-empty list of region names or { name, values } mappings");
  const first = regionAt(regions, 0, r);
  regions.forEach((_, index) => regionAt(regions, index, r));
  if (regionName !== undefined && regionName !== first.name) {
    r.fail(
      "region_name",
      "conflicts with regions: openstacksdk uses the first entry of regions and ignores region_name; keep one of them",
    );
  }
  const { auth: valuesAuth, ...values } = first.values;
  const auth =
    isMapping(rest.auth) && isMapping(valuesAuth) ? { ...rest.auth, ...valuesAuth } : (valuesAuth ?? rest.auth);
  return { ...rest, ...values, ...(auth === undefined ? {} : { auth }), region_name: first.name };
}

function regionAt(
  regions: unknown[],
  index: number,
  r: FieldReader,
): { name: string; values: Record<string, unknown> } {
  const region = regions[index];
  const field = `regions[${index}]`;
  if (typeof region === "string" && region !== "") return { name: region, values: {} };
  if (!isMapping(region)) return r.fail(field, "must be a region name or a { name, values } mapping");
  const extra = Object.keys(region).filter((key) => key !== "name" && key !== "values");
  if (extra.length > 0) r.fail(`${field}.${extra[0]}`, "unknown key (a region entry has only name and values)");
  const name = r.string(region, "name", `${field}.name`) ?? r.fail(`${field}.name`, "missing");
  const values = region.values ?? {};
  if (!isMapping(values)) r.fail(`${field}.values`, "must be a mapping");
  return { name, values };
}
