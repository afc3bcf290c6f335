import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProviderRules } from "../../provider-rules/load.js";
import { CatalogError } from "../catalog-error.js";
import { checkCatalogStacks, formatStackProblems } from "../check-stacks.js";
import { loadCatalog } from "../load-catalog.js";
import { ParameterError, resolveParameters } from "../parameters.js";
import { OMITTED_TYPE_ARGUMENTS } from "./exclusions.js";
import { EXCLUDED_RESOURCE_TYPES, resourceServices, resourceTypeStatuses } from "./index.js";
import { uuidV5 } from "./uuid-v5.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const rules = loadProviderRules();
type SchemaView = { required?: string[]; properties: Record<string, Record<string, unknown>> };
const PINNED_SECGROUP_ID = "86524f6e-23de-5f66-8866-5ae4e9f448f7";
const service = (entry: string) => {
  const result = resourceServices([entry]);
  expect(result.problems).toEqual([]);
  return result.services[0];
};
const create = (entry: string, given: Record<string, unknown>) =>
  resolveParameters({ plan: service(entry).plans[0], action: "create", given });

describe("the exclusion rule list", () => {
  it("names only types of the rules table, each with a reason of kind part or admin", () => {
    for (const [type, exclusion] of Object.entries(EXCLUDED_RESOURCE_TYPES)) {
      expect(Object.hasOwn(rules.resources, type), type).toBe(true);
      expect(["part", "admin"]).toContain(exclusion.kind);
      expect(exclusion.reason.length).toBeGreaterThan(10);
    }
  });

  it("omits admin-only arguments of offered types (each a real argument of the type)", () => {
    for (const [type, args] of Object.entries(OMITTED_TYPE_ARGUMENTS))
      for (const name of Object.keys(args))
        expect(rules.resources[type]?.attributes[name], `${type}.${name}`).toBeDefined();
    const network = service("openstack_networking_network_v2").plans[0].schemas.create as SchemaView;
    expect(network.properties.shared).toBeUndefined();
    expect(network.properties.external).toBeUndefined();
    expect(network.properties.admin_state_up).toBeDefined();
    expect(() => create("openstack_networking_network_v2", { shared: true })).toThrow(/shared/);
  });

  it("excludes associations, attachments, interfaces and admin power; offers the rest", () => {
    const statuses = resourceTypeStatuses();
    expect(statuses).toHaveLength(Object.keys(rules.resources).length);
    const excluded = statuses.filter((s) => s.status === "excluded").map((s) => s.type);
    for (const type of Object.keys(rules.resources)) {
      if (/_(associate|attach|interface|quota|quotaset|flavor|flavor_access)_v\d$/.test(type))
        expect(excluded).toContain(type);
      if (/^openstack_identity_(project|role|user|endpoint|service|group)/.test(type)) expect(excluded).toContain(type);
    }
    const offered = statuses.filter((s) => s.status === "offered").map((s) => s.type);
    expect(offered).toContain("openstack_networking_secgroup_v2");
    expect(offered).toContain("openstack_blockstorage_volume_v3");
    expect(offered.length).toBeGreaterThanOrEqual(40);
  });
});

describe("ids and names", () => {
  it("uuidV5 follows RFC 4122 (the DNS-namespace example)", () => {
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
  });

  it("derives stable ids from the type name", () => {
    const secgroup = service("openstack_networking_secgroup_v2");
    expect(secgroup.name).toBe("os-networking-secgroup-v2");
    expect(secgroup.id).toBe(uuidV5("openstack_networking_secgroup_v2"));
    expect(secgroup.plans[0].id).toBe(uuidV5("openstack_networking_secgroup_v2/default"));
    // Pinned: a change here changes every platform's view of the catalog.
    expect(secgroup.id).toBe(PINNED_SECGROUP_ID);
  });
});

describe("parameter schemas from the rules table", () => {
  it("types, required arguments, enums and ranges (secgroup rule)", () => {
    const schema = service("openstack_networking_secgroup_rule_v2").plans[0].schemas.create as SchemaView;
    expect(schema.required).toEqual(["direction", "ethertype", "security_group_id"]);
    expect(schema.properties.direction.enum).toEqual(["ingress", "egress"]);
    expect(schema.properties.port_range_max).toMatchObject({ type: "integer", minimum: 0, maximum: 65535 });
    expect(schema.properties.region).toBeUndefined();
    expect(schema.properties.tenant_id).toBeUndefined();
    expect(() =>
      create("openstack_networking_secgroup_rule_v2", {
        direction: "sideways",
        ethertype: "IPv4",
        security_group_id: "x",
      }),
    ).toThrow(/parameters\.direction: must be one of "ingress", "egress"/);
  });

  it("ConflictsWith as dependencies: two conflicting arguments are refused, one is accepted", () => {
    // openstack_compute_instance_v2: availability_zone conflicts with availability_zone_hints.
    const attributes = rules.resources.openstack_compute_instance_v2.attributes;
    expect(attributes.availability_zone.conflictsWith).toContain("availability_zone_hints");
    const both = { availability_zone: "nova", availability_zone_hints: "nova" };
    expect(() => create("openstack_compute_instance_v2", both)).toThrow(ParameterError);
    expect(create("openstack_compute_instance_v2", { availability_zone: "nova" }).values.availability_zone).toBe(
      "nova",
    );
  });

  it("RequiredWith as dependencies (a Trove instance's size needs volume_type)", () => {
    const given = { datastore: [{ type: "mysql", version: "8.0" }], size: 1 };
    expect(() => create("openstack_db_instance_v1", given)).toThrow(/volume_type/);
    expect(create("openstack_db_instance_v1", { ...given, volume_type: "x" }).values.size).toBe(1);
  });

  it("sensitive arguments are writeOnly (sensitive variables), name is optional (the broker names it)", () => {
    const schema = service("openstack_db_user_v1").plans[0].schemas.create as SchemaView;
    expect(schema.properties.password.writeOnly).toBe(true);
    expect(schema.required).not.toContain("name");
  });

  it("the update schema requires nothing and still refuses unknown parameters", () => {
    const plan = service("openstack_networking_secgroup_rule_v2").plans[0];
    expect(resolveParameters({ plan, action: "update", given: { description: "d" }, previous: {} }).values).toEqual({
      description: "d",
    });
    expect(() => resolveParameters({ plan, action: "update", given: { nope: 1 }, previous: {} })).toThrow(/nope/);
  });

  it("bindings return the id and non-sensitive computed attributes; with-secrets adds the sensitive ones", () => {
    const keypair = service("openstack_compute_keypair_v2");
    expect(keypair.plans.map((p) => p.name)).toEqual(["default", "with-secrets"]);
    expect(keypair.plans[0].credentials).toContain("id");
    expect(keypair.plans[0].credentials).toContain("fingerprint");
    expect(keypair.plans[0].credentials).not.toContain("private_key");
    expect(keypair.plans[1].credentials).toContain("private_key");
    expect(keypair.plans[1].settings.outputs).toMatchObject({ private_key: true, fingerprint: false });
    expect(service("openstack_networking_secgroup_v2").plans.map((p) => p.name)).toEqual(["default"]);
  });
});

describe("RESOURCE_SERVICES selection", () => {
  it("by family, type, service name; excluded types of a family are skipped", () => {
    const dns = resourceServices(["dns"]).services.map((s) => s.name);
    expect(dns).toEqual(["os-dns-recordset-v2", "os-dns-zone-v2"]);
    const two = resourceServices(["os-dns-zone-v2", "openstack_compute_keypair_v2"]).services.map((s) => s.name);
    expect(two).toEqual(["os-compute-keypair-v2", "os-dns-zone-v2"]);
  });

  it("an unknown entry or an excluded type is a problem naming it (and the reason)", () => {
    expect(resourceServices(["netwrking"]).problems).toEqual([
      expect.stringMatching(/unknown .* "netwrking" \(families: .*networking/),
    ]);
    expect(resourceServices(["openstack_identity_project_v3"]).problems).toEqual([
      "openstack_identity_project_v3 is not offered (admin: creates Keystone projects)",
    ]);
  });

  it("loadCatalog adds them beside the catalog files (schemas compile in strict mode, stack resource loads)", async () => {
    const catalog = await loadCatalog({
      catalogDir: join(ROOT, "catalog"),
      stacksDir: join(ROOT, "stacks"),
      resourceServices: ["all"],
    });
    const generated = catalog.services.filter((s) => s.source === "RESOURCE_SERVICES");
    expect(generated.length).toBe(resourceTypeStatuses().filter((s) => s.status === "offered").length);
    const plan = catalog.findPlan("os-networking-secgroup-v2", "default");
    expect(plan && catalog.stackFor(plan).statefulResources).toContain("openstack_networking_secgroup_v2");
    // The construct kit's checks pass for every generated plan (credentials are outputs, parameters declared).
    expect(formatStackProblems(checkCatalogStacks(catalog, join(ROOT, "stacks"), ROOT))).toBe("");
    const osb = catalog.toOsb().services.find((s) => s.name === "os-networking-secgroup-v2");
    expect(osb?.plans[0].schemas?.service_instance?.create?.parameters).toMatchObject({ type: "object" });
  });

  it("loadCatalog refuses a bad entry with a CatalogError naming RESOURCE_SERVICES", async () => {
    const load = loadCatalog({
      catalogDir: join(ROOT, "catalog"),
      stacksDir: join(ROOT, "stacks"),
      loadStacks: false,
      resourceServices: ["networking", "nope"],
    });
    await expect(load).rejects.toThrow(CatalogError);
    await expect(load).rejects.toThrow(/RESOURCE_SERVICES: unknown resource type, service or family "nope"/);
  });
});
