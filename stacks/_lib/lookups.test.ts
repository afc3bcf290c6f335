import { describe, expect, it } from "vitest";
import { evaluateHcl, synthesizeService } from "../../src/testing/index.js";

/**
 * openstack_networking_network_v2 fails `terraform plan` when several networks match ("Your query
 * returned more than one result": data_source_openstack_networking_network_v2.go), and Neutron
 * names are not unique: the lookup takes an id as well, which always matches at most one.
 */
describe("networkByName", () => {
  it("looks a UUID up by network_id and anything else by name", async () => {
    const stack = await synthesizeService({ service: "trove-mysql", plan: "small" });
    const lookup = stack.dataSources("openstack_networking_network_v2").network as { name: string; network_id: string };
    const evaluate = (expression: string, value: string) =>
      evaluateHcl({ expression: expression.replace(/^\$\{|\}$/g, ""), variables: { param_network: value } });
    const id = "9a1f0e2d-3c4b-4a59-8677-8695a4b3c2d1";
    expect([await evaluate(lookup.network_id, id), await evaluate(lookup.name, id)]).toEqual([id, null]);
    expect([await evaluate(lookup.network_id, "private"), await evaluate(lookup.name, "private")]).toEqual([
      null,
      "private",
    ]);
  });

  it("takes the newest image of a name (Glance names are not unique either)", async () => {
    const stack = await synthesizeService({ service: "nova-vm", plan: "small" });
    expect(stack.dataSources("openstack_images_image_v2").image).toMatchObject({ most_recent: true });
  });
});
