import { afterEach, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { CatalogError } from "./catalog-error.js";
import {
  createCatalogTestDirs,
  testPlan,
  testService,
  TINY_STACK,
  type CatalogTestDirs,
} from "../../test/helpers/catalog-test-dirs.js";
import { loadCatalog } from "./load-catalog.js";

const dirs: CatalogTestDirs[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => d.cleanup()));
});
async function setup(files: Record<string, unknown>, stacks?: Record<string, string>): Promise<CatalogTestDirs> {
  const d = await createCatalogTestDirs({ files, stacks });
  dirs.push(d);
  return d;
}

describe("loadCatalog", () => {
  it("reads every yaml file into services and plans with defaults filled in", async () => {
    const d = await setup({
      "b.yml": {
        services: [testService({ id: "s-b", name: "bee", plan_updateable: true, plans: [testPlan({ id: "p-b" })] })],
      },
      "a.yaml": `services:
  - id: s-a
    name: ay
    description: First
    bindable: false
    instances_retrievable: false
    tags: [db]
    metadata: { displayName: Ay }
    plans:
      - id: p-a
        name: tiny
        description: Tiny
        stack: test-stack
        bindable: true
`,
      "notes.txt": "ignored",
    });
    const catalog = await loadCatalog({ catalogDir: d.catalogDir, stacksDir: d.stacksDir });
    expect(catalog.services.map((s) => s.name)).toEqual(["ay", "bee"]);
    const [a, b] = catalog.services;
    expect(a).toMatchObject({
      id: "s-a",
      bindable: false,
      instances_retrievable: false,
      bindings_retrievable: true,
      tags: ["db"],
    });
    expect(a.source).toBe("catalog/a.yaml");
    expect(a.plans[0]).toEqual({
      id: "p-a",
      name: "tiny",
      description: "Tiny",
      bindable: true,
      plan_updateable: false,
      stack: "test-stack",
      defaults: {},
      settings: {},
      schemas: {},
      credentials: [],
      source: "catalog/a.yaml",
    });
    expect(b.plans[0]).toMatchObject({
      bindable: true,
      plan_updateable: true,
      defaults: { size: 1 },
      maintenance_info: { version: "1.2.3" },
    });
    expect(b.source).toBe("catalog/b.yml");
  });

  it("looks services and plans up by id or name", async () => {
    const d = await setup({
      "x.yaml": { services: [testService({ plans: [testPlan(), testPlan({ id: "plan-2", name: "large" })] })] },
    });
    const catalog = await loadCatalog({ catalogDir: d.catalogDir, stacksDir: d.stacksDir });
    expect(catalog.findService("service-1")?.name).toBe("test-service");
    expect(catalog.findService("test-service")?.id).toBe("service-1");
    expect(catalog.findService("nope")).toBeUndefined();
    expect(catalog.findPlan("test-service", "large")?.id).toBe("plan-2");
    expect(catalog.findPlan("service-1", "plan-1")?.name).toBe("small");
    expect(catalog.findPlan("service-1", "nope")).toBeUndefined();
    expect(catalog.findPlan("nope", "plan-1")).toBeUndefined();
    const plan = catalog.planById("plan-2")!;
    expect(plan.name).toBe("large");
    expect(catalog.planById("large")).toBeUndefined();
    expect(catalog.serviceOf(plan).id).toBe("service-1");
    expect(() => catalog.serviceOf({ ...plan, id: "elsewhere" })).toThrow(/not in the catalog/);
  });

  it("imports each stack once and returns its default export from stackFor", async () => {
    const stack = `globalThis.__catalogTestImports = (globalThis.__catalogTestImports ?? 0) + 1;
export default { instance: () => {}, credentials: ["x"], marker: "loaded" };\n`;
    const d = await setup(
      {
        "x.yaml": {
          services: [
            testService({
              plans: [testPlan({ stack: "marked" }), testPlan({ id: "plan-2", name: "two", stack: "marked" })],
            }),
          ],
        },
      },
      { marked: stack },
    );
    const catalog = await loadCatalog({ catalogDir: d.catalogDir, stacksDir: d.stacksDir });
    const definition = catalog.stackFor(catalog.planById("plan-1")!) as unknown as { marker: string };
    expect(definition.marker).toBe("loaded");
    expect(catalog.stackFor(catalog.planById("plan-2")!)).toBe(definition);
    expect((globalThis as Record<string, unknown>).__catalogTestImports).toBe(1);
  });

  it("with loadStacks false checks the stack folders but does not import them", async () => {
    const d = await setup(
      { "x.yaml": { services: [testService()] } },
      { "test-stack": "throw new Error('must not be imported');\n" },
    );
    const catalog = await loadCatalog({ catalogDir: d.catalogDir, stacksDir: d.stacksDir, loadStacks: false });
    expect(() => catalog.stackFor(catalog.planById("plan-1")!)).toThrow(
      /not loaded; load the catalog with loadStacks: true/,
    );
  });

  it("freezes the catalog", async () => {
    const d = await setup({ "x.yaml": { services: [testService()] } });
    const catalog = await loadCatalog({ catalogDir: d.catalogDir, stacksDir: d.stacksDir });
    const plan = catalog.planById("plan-1")!;
    expect(Object.isFrozen(plan)).toBe(true);
    expect(Object.isFrozen(plan.defaults)).toBe(true);
    expect(Object.isFrozen(catalog.services)).toBe(true);
  });

  it("loads the terraform-test fixture (two plans of one stack, shared schemas)", async () => {
    const d = await setup({}, { "terraform-test": TINY_STACK });
    const catalogDir = fileURLToPath(new URL("../../test/fixtures/catalog", import.meta.url));
    const catalog = await loadCatalog({ catalogDir, stacksDir: d.stacksDir });
    const service = catalog.findService("terraform-test")!;
    expect(service).toMatchObject({
      bindable: true,
      plan_updateable: true,
      instances_retrievable: true,
      bindings_retrievable: true,
    });
    expect(service.source).toBe("catalog/terraform-test.yaml");
    const plan = catalog.findPlan("terraform-test", "default")!;
    expect(plan).toMatchObject({
      stack: "terraform-test",
      bindable: true,
      plan_updateable: true,
      maintenance_info: { version: "1.0.0" },
      defaults: { message: "hello", sleep_seconds: 0, fail_after_first: false },
      credentials: ["message"],
    });
    expect(Object.keys(plan.schemas.create?.properties as object)).toEqual([
      "message",
      "sleep_seconds",
      "fail_on",
      "fail_after_first",
    ]);
    expect(plan.schemas.update).toEqual(plan.schemas.create);
    expect(plan.schemas.bind?.properties).toHaveProperty("message");
    const other = catalog.findPlan("terraform-test", "other")!;
    expect(other.id).not.toBe(plan.id);
    expect(other.stack).toBe("terraform-test");
  });

  it("reports a missing, non-directory or empty catalog directory clearly", async () => {
    const d = await setup({});
    await expect(loadCatalog({ catalogDir: `${d.root}/missing`, stacksDir: d.stacksDir })).rejects.toThrow(
      `invalid catalog: ${d.root}/missing: catalog directory does not exist`,
    );
    await expect(loadCatalog({ catalogDir: d.catalogDir, stacksDir: d.stacksDir })).rejects.toThrow(
      /catalog directory has no \*\.yaml or \*\.yml files/,
    );
    const notDir = await setup({ "x.yaml": "services: []" });
    await expect(loadCatalog({ catalogDir: `${notDir.catalogDir}/x.yaml`, stacksDir: d.stacksDir })).rejects.toThrow(
      /is not a directory/,
    );
    await expect(loadCatalog({ catalogDir: d.catalogDir, stacksDir: d.stacksDir })).rejects.toBeInstanceOf(
      CatalogError,
    );
  });
});
