import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  createCatalogTestDirs,
  testPlan,
  testService,
  type CatalogTestDirs,
} from "../../test/helpers/catalog-test-dirs.js";
import { checkCatalogStacks, formatStackProblems } from "./check-stacks.js";
import { loadCatalog } from "./load-catalog.js";

let dirs: CatalogTestDirs | undefined;
afterEach(() => dirs?.cleanup());

/** The catalog check's text for one plan over a construct written as `index.ts` source. */
async function check(stack: string, plan: Record<string, unknown> = {}): Promise<string> {
  dirs = await createCatalogTestDirs({
    files: { "kit.yaml": { services: [testService({ plans: [testPlan(plan)] })] } },
    stacks: { "test-stack": stack },
  });
  const catalog = await loadCatalog({ catalogDir: dirs.catalogDir, stacksDir: dirs.stacksDir });
  return formatStackProblems(checkCatalogStacks(catalog, dirs.stacksDir, join(dirs.stacksDir, "..")));
}

const instance = `(scope, ctx) => { ctx.param("size"); ctx.output("endpoint", "e"); ctx.output("port", 1); }`;

describe("the construct kit's checks (catalog validate and start-up)", () => {
  it("a plan whose credentials name a misspelt output: file, plan, field and the outputs there are", async () => {
    expect(await check(`export default { instance: ${instance} };\n`, { credentials: ["endpoint", "prot"] })).toBe(
      "catalog/kit.yaml: services[0].plans[0]: (plan small) credentials: prot is not an output of stacks/test-stack/index.ts (outputs: endpoint, port)",
    );
  });

  it("a construct whose own credentials name a misspelt output", async () => {
    expect(await check(`export default { credentials: ["endpiont"], instance: ${instance} };\n`)).toBe(
      'catalog/kit.yaml: services[0].plans[0]: (plan small) stacks/test-stack/index.ts: its credentials "endpiont" is not an output of its instance stack (outputs: endpoint, port)',
    );
  });

  it("a construct that reads a parameter the plan's schemas do not declare", async () => {
    const stack = `export default { instance: (scope, ctx) => { ctx.param("sise"); ctx.output("endpoint", "e"); } };\n`;
    expect(await check(stack)).toBe(
      'catalog/kit.yaml: services[0].plans[0]: (plan small) schemas: stacks/test-stack/index.ts reads parameter "sise", which neither schemas.create nor schemas.update of this plan declares',
    );
  });

  it("a binding stack that reads an undeclared bind parameter or an instance output the instance lacks", async () => {
    const stack = `export default { instance: ${instance}, binding: (scope, ctx) => { ctx.param("ttl"); ctx.output("x", ctx.instanceOutput("endpont")); } };\n`;
    const text = await check(stack);
    expect(text).toContain(
      `(plan small) schemas.bind: stacks/test-stack/index.ts's binding stack reads parameter "ttl", which schemas.bind of this plan does not declare`,
    );
    expect(text).toContain(
      `(plan small) stacks/test-stack/index.ts's binding stack reads instance output "endpont", which its instance stack does not declare (outputs: endpoint, port)`,
    );
  });

  it("accepts a construct that reads only what its plan declares", async () => {
    const stack = `export default { instance: ${instance}, binding: (scope, ctx) => { ctx.param("ttl"); ctx.output("x", ctx.instanceOutput("port")); } };\n`;
    const schemas = {
      create: { type: "object", additionalProperties: false, properties: { size: { type: "integer" } } },
      bind: { type: "object", additionalProperties: false, properties: { ttl: { type: "integer" } } },
    };
    expect(await check(stack, { schemas })).toBe("");
  });
});
