import { describe, expect, it } from "vitest";
import { resolveParameters } from "../../src/catalog/parameters.js";
import { resourceServices } from "../../src/catalog/resource-services/index.js";
import { synthesize } from "../../src/synth/synthesize.js";
import definition from "./index.js";

const synth = (type: string, given: Record<string, unknown>, planName = "default") => {
  const service = resourceServices([type]).services[0];
  const plan = service.plans.find((p) => p.name === planName)!;
  const values = resolveParameters({ plan, action: "create", given }).values;
  const result = synthesize({
    definition,
    service,
    plan,
    kind: "instance",
    values,
    instanceId: "i-1",
    backend: "local",
  });
  const resource = (result.config.resource as Record<string, Record<string, Record<string, unknown>>>)[type].resource;
  return { result, resource, json: JSON.stringify(result.config) };
};

describe("stacks/resource: the generic construct", () => {
  it("sets every offered argument from a variable and names the resource after the instance", () => {
    const { resource, result, json } = synth("openstack_networking_secgroup_v2", {
      description: "a-distinctive-description-value",
    });
    expect(resource.description).toBe("${var.param_description}");
    expect(resource.name).toBe('${coalesce(var.param_name, "osb-${var.instance_id}")}');
    expect(result.variables.param_description).toBe("a-distinctive-description-value");
    expect(json).not.toContain("a-distinctive-description-value");
    expect(Object.keys(resource)).not.toContain("region");
  });

  it("renders blocks as dynamic blocks over the parameter (no request value in the configuration)", () => {
    const { resource, json, result } = synth("openstack_compute_instance_v2", {
      network: [{ name: "a-distinctive-network-name" }],
    });
    const network = (resource.dynamic as Record<string, { for_each: string; content: Record<string, string> }[]>)
      .network[0];
    expect(network.for_each).toBe("${(var.param_network == null) ? [] : var.param_network}");
    expect(network.content.name).toBe('${lookup(network.value, "name", null)}');
    expect(json).not.toContain("a-distinctive-network-name");
    expect(result.variables.param_network).toEqual([{ name: "a-distinctive-network-name" }]);
  });

  it("marks writeOnly arguments sensitive and outputs sensitive attributes only on the with-secrets plan", () => {
    const user = synth("openstack_db_user_v1", { instance_id: "x", password: "a-distinctive-password" });
    expect(user.result.sensitive).toContain("param_password");
    const plain = synth("openstack_compute_keypair_v2", {});
    expect(plain.result.outputs).toContain("fingerprint");
    expect(plain.result.outputs).not.toContain("private_key");
    const secrets = synth("openstack_compute_keypair_v2", {}, "with-secrets");
    const output = (secrets.result.config.output as Record<string, { sensitive?: boolean }>).private_key;
    expect(output.sensitive).toBe(true);
  });

  it("refuses a plan whose settings name an unknown type, with the setting's name", () => {
    const service = resourceServices(["openstack_networking_secgroup_v2"]).services[0];
    const plan = {
      ...service.plans[0],
      settings: { ...service.plans[0].settings, resource_type: "openstack_nope_v1" },
    };
    expect(() =>
      synthesize({ definition, service, plan, kind: "instance", values: {}, instanceId: "i", backend: "local" }),
    ).toThrow(/settings\.resource_type: unknown type openstack_nope_v1/);
  });
});
