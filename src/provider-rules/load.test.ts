/**
 * The loader's API, and facts of the committed table checked against the provider's 3.4.0 source
 * (file named per fact, under ../shared/reference/terraform-provider-openstack-3.4.0/openstack/).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROVIDER_RULES_FILE, attributeRules, loadProviderRules, typeRules } from "./load.js";

const rules = loadProviderRules();
const resource = (type: string) => {
  const t = typeRules(rules, "resource", type);
  if (!t) throw new Error(`no ${type}`);
  return t;
};

describe("loadProviderRules / typeRules / attributeRules", () => {
  it("reads the committed table from its absolute path, once per file", () => {
    expect(PROVIDER_RULES_FILE).toMatch(/\/schema\/openstack-provider-rules-3\.4\.0\.json$/);
    expect(existsSync(PROVIDER_RULES_FILE)).toBe(true);
    expect(loadProviderRules(PROVIDER_RULES_FILE)).toBe(rules);
    expect(rules.provider).toBe("registry.terraform.io/terraform-provider-openstack/openstack");
    expect(rules.version).toBe("3.4.0");
  });

  it("reads another file, and refuses one that is not a table", () => {
    const dir = mkdtempSync(join(tmpdir(), "rules-"));
    writeFileSync(
      join(dir, "t.json"),
      JSON.stringify({
        provider: "p",
        version: "1",
        resources: { a: { file: "f", attributes: {} } },
        dataSources: {},
        unmodelled: {},
      }),
    );
    expect(Object.keys(loadProviderRules(join(dir, "t.json")).resources)).toEqual(["a"]);
    writeFileSync(join(dir, "bad.json"), "{}");
    expect(() => loadProviderRules(join(dir, "bad.json"))).toThrow(/not a provider rules table/);
  });

  it("looks up resources and data sources separately", () => {
    expect(typeRules(rules, "resource", "openstack_compute_instance_v2")?.file).toBe(
      "openstack/resource_openstack_compute_instance_v2.go",
    );
    expect(typeRules(rules, "data", "openstack_compute_instance_v2")?.file).toBe(
      "openstack/data_source_openstack_compute_instance_v2.go",
    );
    expect(typeRules(rules, "data", "openstack_lb_member_v2")).toBeUndefined();
    expect(typeRules(rules, "resource", "constructor")).toBeUndefined();
  });

  it("walks nested blocks by attribute name; undefined past a leaf or for a missing name", () => {
    const instance = resource("openstack_compute_instance_v2");
    expect(attributeRules(instance, ["network", "uuid"])?.type).toBe("string");
    expect(attributeRules(instance, ["network"])?.block).toBeDefined();
    expect(attributeRules(instance, ["name", "x"])).toBeUndefined();
    expect(attributeRules(instance, ["nope"])).toBeUndefined();
    expect(attributeRules(instance, [])).toBeUndefined();
  });
});

describe("facts of the provider's 3.4.0 source", () => {
  it("db_instance_v1.size: RequiredWith volume_type, ForceNew (resource_openstack_db_instance_v1.go)", () => {
    expect(attributeRules(resource("openstack_db_instance_v1"), ["size"])).toMatchObject({
      required: true,
      forceNew: true,
      requiredWith: ["volume_type"],
    });
  });

  it("compute_instance_v2: image_id is NOT ForceNew but rebuilds; network is ForceNew; user_data stored as SHA-1 (resource_openstack_compute_instance_v2.go)", () => {
    const instance = resource("openstack_compute_instance_v2");
    expect(attributeRules(instance, ["image_id"])?.forceNew).toBeUndefined();
    expect(attributeRules(instance, ["network"])?.forceNew).toBe(true);
    expect(attributeRules(instance, ["network", "uuid"])?.forceNew).toBe(true); // a nested-block ForceNew
    expect(attributeRules(instance, ["user_data"])?.stateFunc).toEqual({ fn: "func literal", known: "sha1-hex" });
    expect(instance.destructiveUpdates).toEqual([
      {
        attributes: ["image_id", "image_name", "personality"],
        call: "servers.Rebuild",
        effect: "rebuilds the server from the new image, wiping its root disk",
      },
    ]);
    expect(instance.customizeDiff).toEqual(
      expect.arrayContaining([
        { kind: "force-new-if-change", attribute: "flavor_id", condition: "old-empty" },
        { kind: "force-new-if-change", attribute: "flavor_name", condition: "old-empty" },
      ]),
    );
  });

  it("Octavia: listener protocol_port and pool listener_id are ForceNew (resource_openstack_lb_listener_v2.go, resource_openstack_lb_pool_v2.go)", () => {
    expect(attributeRules(resource("openstack_lb_listener_v2"), ["protocol_port"])?.forceNew).toBe(true);
    expect(attributeRules(resource("openstack_lb_pool_v2"), ["listener_id"])).toMatchObject({
      forceNew: true,
      exactlyOneOf: ["loadbalancer_id", "listener_id"],
    });
    expect(attributeRules(resource("openstack_lb_pool_v2"), ["lb_method"])?.validate).toEqual([
      { fn: "StringInSlice", args: [["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT"], false] },
    ]);
  });

  it("resources without Update: every argument ForceNew (resource_openstack_identity_application_credential_v3.go)", () => {
    const cred = resource("openstack_identity_application_credential_v3");
    expect(cred.update).toBe(false);
    expect(resource("openstack_compute_keypair_v2").update).toBe(false);
    for (const [name, a] of Object.entries(cred.attributes)) {
      if ((a.required || a.optional) && !a.sdk) expect([name, a.forceNew]).toEqual([name, true]);
    }
  });

  it("provider validators resolved to their values (networking_secgroup_rule_v2.go, gophercloud constants)", () => {
    const rule = resource("openstack_networking_secgroup_rule_v2");
    expect(attributeRules(rule, ["direction"])?.validate?.[0]).toMatchObject({
      provider: true,
      known: "string-in-slice",
      args: [["ingress", "egress"], false],
      message: "unknown %q %s for openstack_networking_secgroup_rule_v2",
      messageArgs: ["value", "key"],
    });
    expect(attributeRules(rule, ["ethertype"])?.validate?.[0]).toMatchObject({
      known: "string-in-slice",
      args: [["IPv4", "IPv6"], false],
    });
    expect(attributeRules(rule, ["protocol"])?.validate?.[0]).toMatchObject({
      known: "string-in-slice-or-int-between",
    });
    expect(attributeRules(resource("openstack_lb_flavorprofile_v2"), ["flavor_data"])?.validate?.[0]).toMatchObject({
      fn: "validateJSONObject",
      provider: true,
      known: "json-object",
    });
  });

  it("bgp_peer_v2 CustomizeDiff errors with the provider's messages (resource_openstack_networking_bgp_peer_v2.go)", () => {
    expect(resource("openstack_networking_bgp_peer_v2").customizeDiff).toEqual([
      {
        kind: "error",
        condition: 'auth_type == "none" && password != ""',
        message: 'password can only be set when auth_type is not "none"',
      },
      {
        kind: "error",
        condition: 'auth_type != "none" && password == ""',
        message: 'password must be set when auth_type is not "none"',
      },
    ]);
    expect(resource("openstack_images_image_v2").customizeDiff?.[0]).toMatchObject({ kind: "other" });
  });

  it("the provider block's environment defaults (provider.go)", () => {
    expect(rules.providerConfig?.cloud?.envDefault).toEqual({ variables: ["OS_CLOUD"], fallback: "" });
    expect(rules.providerConfig?.endpoint_type?.envDefault).toEqual({ variables: ["OS_ENDPOINT_TYPE"], fallback: "" });
    expect(rules.providerConfig?.password).toMatchObject({
      sensitive: true,
      envDefault: { variables: ["OS_PASSWORD"] },
    });
  });

  it("lists what it does not model, and docs/provider-rules.md states how much", () => {
    const count = Object.keys(rules.unmodelled).length;
    expect(count).toBeGreaterThan(0);
    const docs = readFileSync(join(dirname(PROVIDER_RULES_FILE), "..", "docs", "provider-rules.md"), "utf8");
    expect(docs).toContain(`**Unmodelled: ${count}**`);
    expect(rules.unmodelled["openstack_images_image_v2.image_cache_path"]).toMatch(/os\.Getenv\("HOME"\)/);
  });
});
