import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  createCatalogTestDirs,
  testPlan,
  testService,
  type CatalogTestDirs,
} from "../../test/helpers/catalog-test-dirs.js";
import { loadCatalog } from "./load-catalog.js";
import { checkCatalogStacks, formatStackProblems } from "./check-stacks.js";

const root = join(import.meta.dirname, "../..");
let dirs: CatalogTestDirs | undefined;
afterEach(() => dirs?.cleanup());

describe("checkCatalogStacks", () => {
  it("finds no problem in the shipped service library", async () => {
    const catalog = await loadCatalog({ catalogDir: join(root, "catalog"), stacksDir: join(root, "stacks") });
    expect(formatStackProblems(checkCatalogStacks(catalog, join(root, "stacks"), root))).toBe("");
  });

  it("names the catalog file, the plan, the construct's file and its error when a construct throws", async () => {
    dirs = await createCatalogTestDirs({
      files: { "broken.yaml": { services: [testService({ plans: [testPlan({ credentials: [] })] })] } },
      stacks: {
        "test-stack": `export default { instance: (scope, ctx) => { if (!ctx.plan.settings.flavor) throw new Error("settings.flavor is required"); } };\n`,
      },
    });
    const catalog = await loadCatalog({ catalogDir: dirs.catalogDir, stacksDir: dirs.stacksDir });
    const text = formatStackProblems(checkCatalogStacks(catalog, dirs.stacksDir, join(dirs.stacksDir, "..")));
    expect(text).toMatch(
      /broken\.yaml: services\[0\]\.plans\[0\]: \(plan small\) stacks\/test-stack\/index\.ts: the instance stack does not synthesize: settings\.flavor is required/,
    );
  });

  it("checks binding stacks with placeholder instance outputs", async () => {
    dirs = await createCatalogTestDirs({
      files: { "broken.yaml": { services: [testService({ plans: [testPlan({ credentials: [] })] })] } },
      stacks: {
        "test-stack": `export default { instance: () => {}, binding: () => { throw new Error("binding bug"); } };\n`,
      },
    });
    const catalog = await loadCatalog({ catalogDir: dirs.catalogDir, stacksDir: dirs.stacksDir });
    expect(formatStackProblems(checkCatalogStacks(catalog, dirs.stacksDir, dirs.stacksDir))).toMatch(
      /the binding stack does not synthesize: binding bug/,
    );
  });
});
