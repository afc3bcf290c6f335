import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import type { Catalog } from "./catalog.js";
import { createCatalogTestDirs, TINY_STACK, type CatalogTestDirs } from "../../test/helpers/catalog-test-dirs.js";
import { loadCatalog } from "./load-catalog.js";
import { DRAFT_07 } from "./schema-compiler.js";

const INTERNAL = ["stack", "defaults", "settings", "credentials", "source"];
const SERVICE_FIELDS = [
  "id",
  "name",
  "description",
  "bindable",
  "instances_retrievable",
  "bindings_retrievable",
  "plan_updateable",
  "allow_context_updates",
  "tags",
  "requires",
  "metadata",
  "plans",
];
const PLAN_FIELDS = [
  "id",
  "name",
  "description",
  "free",
  "bindable",
  "plan_updateable",
  "maximum_polling_duration",
  "maintenance_info",
  "metadata",
  "schemas",
];

let dirs: CatalogTestDirs;
let catalog: Catalog;
beforeAll(async () => {
  dirs = await createCatalogTestDirs({
    files: {
      "extra.yaml": {
        services: [
          {
            id: "s2",
            name: "plain",
            description: "No schemas",
            bindable: false,
            requires: ["volume_mount"],
            plans: [
              {
                id: "p2",
                name: "only",
                description: "Only plan",
                stack: "terraform-test",
                maximum_polling_duration: 600,
                metadata: { costs: [] },
              },
            ],
          },
          {
            id: "s3",
            name: "modern",
            description: "2020-12",
            bindable: true,
            plans: [
              {
                id: "p3",
                name: "x",
                description: "x",
                stack: "terraform-test",
                schemas: { bind: { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object" } },
              },
            ],
          },
        ],
      },
    },
    stacks: { "terraform-test": TINY_STACK },
  });
  const fixture = fileURLToPath(new URL("../../test/fixtures/catalog/terraform-test.yaml", import.meta.url));
  const { copyFile } = await import("node:fs/promises");
  await copyFile(fixture, `${dirs.catalogDir}/terraform-test.yaml`);
  catalog = await loadCatalog({ catalogDir: dirs.catalogDir, stacksDir: dirs.stacksDir });
});
afterAll(() => dirs.cleanup());

describe("toOsb", () => {
  it("renders services with the OSB required fields and nothing internal", () => {
    const doc = JSON.parse(JSON.stringify(catalog.toOsb()));
    expect(doc.services.map((s: { name: string }) => s.name)).toEqual(["plain", "modern", "terraform-test"]);
    for (const service of doc.services) {
      for (const field of ["id", "name", "description", "bindable", "plans"]) expect(service).toHaveProperty(field);
      expect(service.plans.length).toBeGreaterThan(0);
      for (const key of Object.keys(service)) expect(SERVICE_FIELDS).toContain(key);
      for (const plan of service.plans) {
        for (const field of ["id", "name", "description"]) expect(typeof plan[field]).toBe("string");
        for (const key of Object.keys(plan)) expect(PLAN_FIELDS).toContain(key);
        for (const key of INTERNAL) expect(plan).not.toHaveProperty(key);
      }
    }
  });

  it("renders the test service exactly", () => {
    const service = catalog.toOsb().services.find((s) => s.name === "terraform-test")!;
    expect(service).toMatchObject({
      id: "44fe0dcd-37e0-46be-a164-110d34738cc4",
      bindable: true,
      instances_retrievable: true,
      bindings_retrievable: true,
      plan_updateable: true,
      tags: ["test", "terraform"],
      metadata: { displayName: "Terraform test service" },
    });
    const plan = service.plans[0];
    expect(plan).toMatchObject({
      id: "662bc914-0abb-4c75-a293-7c9fc4536d85",
      name: "default",
      free: true,
      bindable: true,
      plan_updateable: true,
      maintenance_info: { version: "1.0.0", description: "First release" },
    });
    // biome-ignore lint/suspicious/noExplicitAny: the test walks deep into parsed JSON/YAML
    const create = plan.schemas?.service_instance?.create?.parameters as Record<string, any>;
    expect(create.$schema).toBe(DRAFT_07);
    expect(create.properties.sleep_seconds).toMatchObject({ type: "integer", minimum: 0, maximum: 600 });
    expect(create.properties.fail_on.enum).toEqual(["apply", "destroy", "bind"]);
    expect(plan.schemas?.service_instance?.update?.parameters.$schema).toBe(DRAFT_07);
    expect(plan.schemas?.service_binding?.create?.parameters).toMatchObject({ $schema: DRAFT_07, type: "object" });
    expect(service.plans[1]).toMatchObject({ id: "3cf42e03-9d9e-41ea-823e-cfe9de93ee64", name: "other" });
  });

  it("omits absent optional fields, publishes an empty closed schema where a plan takes no parameters, keeps a given $schema, and does not touch the catalog's schemas", () => {
    const none = { parameters: { $schema: DRAFT_07, type: "object", properties: {}, additionalProperties: false } };
    const [plain, modern] = catalog.toOsb().services;
    expect(plain).toEqual({
      id: "s2",
      name: "plain",
      description: "No schemas",
      bindable: false,
      instances_retrievable: true,
      bindings_retrievable: true,
      requires: ["volume_mount"],
      plans: [
        {
          id: "p2",
          name: "only",
          description: "Only plan",
          bindable: false,
          plan_updateable: false,
          maximum_polling_duration: 600,
          metadata: { costs: [] },
          // Not bindable: no binding schema.
          schemas: { service_instance: { create: none, update: none } },
        },
      ],
    });
    expect(modern.plans[0].schemas).toEqual({
      service_instance: { create: none, update: none },
      service_binding: {
        create: { parameters: { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object" } },
      },
    });
    expect(catalog.findPlan("terraform-test", "default")!.schemas.create).not.toHaveProperty("$schema");
    expect(catalog.toOsb()).toBe(catalog.toOsb());
  });
});
