import { afterEach, describe, expect, it } from "vitest";
import { CatalogError } from "./catalog-error.js";
import { checkCatalogStacks } from "./check-stacks.js";
import {
  createCatalogTestDirs,
  testPlan,
  testService,
  type CatalogTestDirs,
} from "../../test/helpers/catalog-test-dirs.js";
import { loadCatalog } from "./load-catalog.js";

const dirs: CatalogTestDirs[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => d.cleanup()));
});

const EXPIRING_STACK =
  "export default { bindingsExpire: true, instance: () => {}, binding: (s, ctx) => ctx.output('x', ctx.param('expires_at')) };\n";
const PLAIN_STACK = "export default { instance: () => {}, binding: () => {} };\n";

async function load(plans: Record<string, unknown>[]) {
  const d = await createCatalogTestDirs({
    files: { "x.yaml": { services: [testService({ plans })] } },
    stacks: { "test-stack": EXPIRING_STACK, plain: PLAIN_STACK },
  });
  dirs.push(d);
  return { d, load: () => loadCatalog({ catalogDir: d.catalogDir, stacksDir: d.stacksDir }) };
}

async function problems(plan: Record<string, unknown>): Promise<string[]> {
  const error = await (await load([testPlan(plan)])).load().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CatalogError);
  return (error as CatalogError).problems.map((p) => `${p.path}: ${p.message}`);
}

describe("plan binding_rotatable, binding_lifetime, renew_before", () => {
  it("are read; GET /v2/catalog carries binding_rotatable only (lifetime and renew_before are the broker's)", async () => {
    const { load: loadIt } = await load([
      testPlan({ binding_rotatable: true, binding_lifetime: "720h", renew_before: 0.25 }),
      testPlan({ id: "plan-2", name: "other", binding_lifetime: "30d", renew_before: "1d12h" }),
      testPlan({ id: "plan-3", name: "plain" }),
    ]);
    const catalog = await loadIt();
    const [a, b, c] = catalog.services[0].plans;
    expect(a).toMatchObject({ binding_rotatable: true, binding_lifetime: "720h", renew_before: 0.25 });
    expect(b).toMatchObject({ binding_lifetime: "30d", renew_before: "1d12h" });
    expect(c.binding_rotatable).toBeUndefined();
    const osb = JSON.parse(JSON.stringify(catalog.toOsb())).services[0].plans;
    expect(osb[0].binding_rotatable).toBe(true);
    expect(osb[0]).not.toHaveProperty("binding_lifetime");
    expect(osb[0]).not.toHaveProperty("renew_before");
    expect(osb[2]).not.toHaveProperty("binding_rotatable");
  });

  it("report bad values at their field", async () => {
    const at = "services[0].plans[0]";
    expect(await problems({ binding_rotatable: "yes" })).toEqual([
      `${at}.binding_rotatable: must be true or false, got a string ("yes")`,
    ]);
    expect(await problems({ binding_lifetime: "a month" })).toEqual([
      `${at}.binding_lifetime: must be a duration such as 720h, 30d or 1h30m (days, hours, minutes, seconds)`,
    ]);
    expect(await problems({ binding_lifetime: "0h" })).toHaveLength(1);
    expect(await problems({ renew_before: 0.2 })).toEqual([
      `${at}.renew_before: needs binding_lifetime (the lifetime it is a part of)`,
    ]);
    expect(await problems({ binding_lifetime: "24h", renew_before: 1.5 })).toEqual([
      `${at}.renew_before: a fraction of the lifetime must be between 0 and 1 (exclusive), got 1.5`,
    ]);
    expect(await problems({ binding_lifetime: "24h", renew_before: "24h" })).toEqual([
      `${at}.renew_before: 24h must be shorter than binding_lifetime 24h`,
    ]);
    expect(await problems({ binding_lifetime: "24h", renew_before: ["1h"] })).toEqual([
      `${at}.renew_before: must be a fraction of the lifetime (0.2) or a duration (168h)`,
    ]);
  });

  it("a lifetime needs a stack whose bindings expire; a rotatable plan must be bindable (stack check)", async () => {
    const { d, load: loadIt } = await load([
      testPlan({
        binding_lifetime: "1h",
        credentials: [],
        // The construct check (construct-checks.ts): the binding stack reads expires_at, so bind declares it.
        schemas: { bind: { type: "object", properties: { expires_at: { type: "string" } } } },
      }),
      testPlan({ id: "plan-2", name: "plain", stack: "plain", binding_lifetime: "1h", credentials: [] }),
      testPlan({
        id: "plan-3",
        name: "unbindable",
        stack: "plain",
        bindable: false,
        binding_rotatable: true,
        credentials: [],
      }),
    ]);
    const found = checkCatalogStacks(await loadIt(), d.stacksDir, d.root).map((p) => `${p.path}: ${p.message}`);
    expect(found).toEqual([
      "services[0].plans[1]: (plan plain) binding_lifetime: the bindings of stacks/plain/index.ts cannot expire (its definition does not set bindingsExpire)",
      "services[0].plans[2]: (plan unbindable) binding_rotatable: the plan is not bindable",
    ]);
  });
});
