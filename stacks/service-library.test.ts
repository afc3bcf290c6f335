import { readFile, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { synthesizeService } from "../src/testing/index.js";

// The service library as a whole: the shipped catalog loads with every stack imported (what the
// broker does at start-up), and every construct folder is documented and tested.
const root = join(import.meta.dirname, "..");
const catalog = await loadCatalog({
  catalogDir: join(root, "catalog"),
  stacksDir: join(root, "stacks"),
  loadStacks: true,
});
// stacks/resource builds the generated resource services (RESOURCE_SERVICES), not catalog plans: its
// own tests and docs/resource-services.md (checked by stacks/resource/doc-table.test.ts) cover them.
const OWN_FOLDERS = (await readdir(join(root, "stacks"), { withFileTypes: true }))
  .filter((e) => e.isDirectory() && !e.name.startsWith("_") && e.name !== "terraform-test" && e.name !== "resource")
  .map((e) => e.name);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("service library", () => {
  it("offers at least 13 services and 25 plans", () => {
    expect(catalog.services.length).toBeGreaterThanOrEqual(13);
    expect(catalog.services.flatMap((s) => s.plans).length).toBeGreaterThanOrEqual(25);
  });

  it("uses fixed UUIDs for every service and plan", () => {
    for (const service of catalog.services) {
      expect(service.id, service.name).toMatch(UUID);
      for (const plan of service.plans) expect(plan.id, `${service.name}/${plan.name}`).toMatch(UUID);
    }
  });

  it("declares OpenStack as the provider of every service's stacks", () => {
    for (const service of catalog.services) {
      for (const plan of service.plans) expect(catalog.stackFor(plan).providers, plan.stack).toEqual(["openstack"]);
    }
  });

  it("closes every parameter schema, so a misspelt parameter is a 400, not ignored", () => {
    for (const service of catalog.services) {
      for (const plan of service.plans) {
        for (const [action, schema] of Object.entries(plan.schemas)) {
          expect(schema.additionalProperties, `${service.name}/${plan.name} ${action}`).toBe(false);
        }
      }
    }
  });

  it.each(OWN_FOLDERS)("stacks/%s has a README naming its services and plans, and tests", async (folder) => {
    const readme = await readFile(join(root, "stacks", folder, "README.md"), "utf8");
    expect((await stat(join(root, "stacks", folder, "index.test.ts"))).isFile()).toBe(true);
    const services = catalog.services.filter((s) => s.plans.some((p) => p.stack === folder));
    expect(services.length, `no catalog plan uses stacks/${folder}`).toBeGreaterThan(0);
    for (const service of services) {
      expect(readme).toContain(`\`${service.name}\``);
      for (const plan of service.plans) expect(readme, `${service.name}/${plan.name}`).toContain(plan.name);
    }
    expect(readme).toMatch(/## Credentials/);
  });

  it("publishes every plan's parameter schemas in the OSB catalog", () => {
    const published = new Map(
      catalog
        .toOsb()
        .services.flatMap((s) => s.plans)
        .map((p) => [p.id, p]),
    );
    for (const plan of catalog.services.flatMap((s) => s.plans)) {
      const osb = published.get(plan.id) as
        | { schemas?: { service_instance?: { create?: unknown }; service_binding?: { create?: unknown } } }
        | undefined;
      expect(osb, plan.name).toBeDefined();
      if (plan.schemas.create) expect(osb?.schemas?.service_instance?.create, `${plan.name} create`).toBeDefined();
      if (plan.schemas.bind) expect(osb?.schemas?.service_binding?.create, `${plan.name} bind`).toBeDefined();
    }
  });

  it("lists in docs/clouds.md exactly the services whose bindings create application credentials (a restricted broker identity gets 403)", async () => {
    // Keystone refuses to create an application credential for a caller authenticated with a
    // restricted application credential: the broker's identity must be a password or an unrestricted one.
    const creating = new Set<string>();
    for (const service of catalog.services) {
      for (const plan of service.plans) {
        if (!plan.bindable || catalog.stackFor(plan).binding === undefined) continue;
        const instanceOutputs = {
          queue: "q",
          zone_id: "z",
          pool_id: "p",
          secret_id: "s",
          keys_container: "k",
          share_id: "sh",
          trove_instance_id: "t",
          database: "d",
          host: "h",
          port: 1,
          username: "u",
        };
        const parameters = (plan.schemas.bind as { required?: string[] } | undefined)?.required?.includes("access_to")
          ? { access_to: "10.0.0.0/8" }
          : {};
        const binding = await synthesizeService({
          service: service.name,
          plan: plan.name,
          kind: "binding",
          instanceOutputs,
          parameters,
        });
        if (Object.keys(binding.resources("openstack_identity_application_credential_v3")).length > 0)
          creating.add(service.name);
      }
    }
    const doc = await readFile(join(root, "docs", "clouds.md"), "utf8");
    const section = doc.slice(doc.indexOf("## The broker's identity"), doc.indexOf("So the cloud entry"));
    const documented = new Set(
      [...section.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]).filter((name) => catalog.findService(name)),
    );
    expect(documented).toEqual(creating);
    expect(creating.size).toBe(8);
  });
});
