import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createCatalogTestDirs, testPlan, testService, type CatalogTestDirs } from "../catalog/catalog-test-dirs.js";
import { loadCatalog } from "../catalog/load-catalog.js";
import { checkConstructs, formatConstructProblems } from "./construct-check.js";

const root = join(import.meta.dirname, "../..");
let dirs: CatalogTestDirs | undefined;
afterEach(() => dirs?.cleanup());

describe("checkConstructs", () => {
  it("finds no problem in the shipped service library", async () => {
    const catalog = await loadCatalog({ catalogDir: join(root, "catalog"), stacksDir: join(root, "stacks") });
    expect(formatConstructProblems(checkConstructs({ catalog }))).toBe("");
  });

  it("names the file, the plan and the error of a construct that throws", async () => {
    dirs = await createCatalogTestDirs({
      files: { "broken.yaml": { services: [testService({ plans: [testPlan({ credentials: [] })] })] } },
      stacks: {
        "test-stack": `export default { instance: (scope, ctx) => { if (!ctx.plan.settings.flavor) throw new Error("settings.flavor is required"); } };\n`,
      },
    });
    const catalog = await loadCatalog({ catalogDir: dirs.catalogDir, stacksDir: dirs.stacksDir });
    const problems = checkConstructs({ catalog });
    expect(problems).toEqual([
      { file: "stacks/test-stack/index.ts", plan: "test-service/small (catalog/broken.yaml)", kind: "instance", message: "settings.flavor is required" },
    ]);
    expect(formatConstructProblems(problems)).toBe(
      "stacks/test-stack/index.ts: plan test-service/small (catalog/broken.yaml), instance stack: settings.flavor is required",
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
    expect(checkConstructs({ catalog }).map((p) => `${p.kind}: ${p.message}`)).toEqual(["binding: binding bug"]);
  });
});
