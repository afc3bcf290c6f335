import { describe, expect, it } from "vitest";
import { evaluateHcl } from "../../src/testing/index.js";
import { endpointExpression, regionExpression } from "./endpoints.js";

/**
 * The endpoint selection of serviceEndpoint(), evaluated by real terraform over auth scopes shaped
 * like `openstack_identity_auth_scope_v3` (region, service_catalog[].endpoints[] with interface,
 * region, region_id, url). The provider sets `region` to "" when the cloud entry has no
 * `region_name` (data_source_openstack_identity_auth_scope_v3.go: GetRegion), while Keystone's
 * catalog still names the endpoints' real region.
 */
const endpoint = (region: string, url: string, endpointInterface = "public") => ({
  interface: endpointInterface,
  region,
  region_id: region,
  url,
});
const catalog = (...endpoints: ReturnType<typeof endpoint>[]) => [
  { type: "identity", endpoints: [endpoint("RegionOne", "https://keystone.one/v3")] },
  { type: "object-store", endpoints },
];
const pick = (scope: unknown, type = "object-store", endpointInterface = "public") =>
  evaluateHcl({ expression: endpointExpression("var.scope", type, endpointInterface), variables: { scope } });

describe("endpointExpression", () => {
  const twoRegions = catalog(
    endpoint("RegionOne", "http://swift.one.internal", "internal"),
    endpoint("RegionOne", "https://swift.one"),
    endpoint("RegionTwo", "https://swift.two"),
  );

  it("picks the endpoint of the scope's region and interface", async () => {
    expect(await pick({ region: "RegionTwo", service_catalog: twoRegions })).toBe("https://swift.two");
    expect(await pick({ region: "RegionOne", service_catalog: twoRegions })).toBe("https://swift.one");
    expect(await pick({ region: "RegionOne", service_catalog: twoRegions }, "object-store", "internal")).toBe(
      "http://swift.one.internal",
    );
  });

  it("matches a region given by id (Keystone's region_id)", async () => {
    const byId = catalog({ interface: "public", region: "", region_id: "r1", url: "https://swift.r1" });
    expect(await pick({ region: "r1", service_catalog: byId })).toBe("https://swift.r1");
  });

  it('region "" (no region_name in clouds.yaml): the endpoint of the only region', async () => {
    const scope = { region: "", service_catalog: catalog(endpoint("RegionOne", "https://swift.one")) };
    expect(await pick(scope)).toBe("https://swift.one");
    expect(await pick(scope, "identity")).toBe("https://keystone.one/v3");
  });

  it('region "" with several regions: the first listed, as gophercloud picks it', async () => {
    expect(await pick({ region: "", service_catalog: twoRegions })).toBe("https://swift.one");
  });

  it("null when the catalog has no such service, interface or region", async () => {
    expect(await pick({ region: "RegionOne", service_catalog: twoRegions }, "messaging")).toBeNull();
    expect(await pick({ region: "RegionOne", service_catalog: twoRegions }, "object-store", "admin")).toBeNull();
    expect(await pick({ region: "RegionThree", service_catalog: twoRegions })).toBeNull();
  });
});

describe("regionExpression", () => {
  const region = (scope: unknown, type = "object-store") =>
    evaluateHcl({ expression: regionExpression("var.scope", type), variables: { scope } });

  it("is the provider's region when the cloud entry names one", async () => {
    expect(
      await region({
        region: "RegionTwo",
        service_catalog: catalog(endpoint("RegionOne", "https://a"), endpoint("RegionTwo", "https://b")),
      }),
    ).toBe("RegionTwo");
  });

  it("is the chosen endpoint's region when the provider's is \"\"", async () => {
    expect(await region({ region: "", service_catalog: catalog(endpoint("RegionOne", "https://swift.one")) })).toBe(
      "RegionOne",
    );
    expect(
      await region({
        region: "",
        service_catalog: catalog({ interface: "public", region: "", region_id: "r1", url: "https://a" }),
      }),
    ).toBe("r1");
    expect(await region({ region: "", service_catalog: catalog() }, "messaging")).toBeNull();
  });
});
