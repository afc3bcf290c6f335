import { afterEach, describe, expect, it } from "vitest";
import { BrokerError } from "../domain/errors.js";
import { CatalogError } from "../catalog/catalog-error.js";
import {
  createCatalogTestDirs,
  testPlan,
  testService,
  type CatalogTestDirs,
} from "../../test/helpers/catalog-test-dirs.js";
import { loadCatalog } from "../catalog/load-catalog.js";
import { ParameterError, resolveParameters } from "../catalog/parameters.js";
import { refusedAsBadRequest } from "../broker/request-checks.js";
import type { PlanDefinition } from "../domain/service-catalog.js";

/** The catalog side of cloud routing: plan fields `cloud` / `clouds` and the reserved `cloud` parameter. */
const dirs: CatalogTestDirs[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => d.cleanup()));
});

async function load(plan: Record<string, unknown>) {
  const d = await createCatalogTestDirs({
    files: { "x.yaml": { services: [testService({ plans: [testPlan(plan)] })] } },
  });
  dirs.push(d);
  return loadCatalog({ catalogDir: d.catalogDir, stacksDir: d.stacksDir }).then(
    (catalog) => ({
      plan: catalog.services[0].plans[0],
      osb: JSON.stringify(catalog.toOsb()),
      problems: [] as string[],
    }),
    (error: unknown) => {
      if (!(error instanceof CatalogError)) throw error;
      return { plan: undefined, osb: undefined, problems: error.problems.map((p) => `${p.path}: ${p.message}`) };
    },
  );
}

describe("plan fields cloud and clouds", () => {
  it("reads a pin or a list; absent stays absent; neither reaches the OSB catalog", async () => {
    const pinned = await load({ cloud: "team-a" });
    expect(pinned.plan).toMatchObject({ cloud: "team-a" });
    const choice = await load({ clouds: ["team-a", "team-b"] });
    expect(choice.plan?.clouds).toEqual(["team-a", "team-b"]);
    // The operator's cloud names are not shown to platforms.
    for (const { osb } of [pinned, choice]) expect(osb).not.toContain("team-a");
    const plain = (await load({})).plan;
    expect(plain).not.toHaveProperty("cloud");
    expect(plain).not.toHaveProperty("clouds");
  });

  it("names the field of every problem", async () => {
    expect((await load({ cloud: "team a", clouds: [] })).problems).toEqual([
      "services[0].plans[0].cloud: \"team a\" must be a clouds.yaml entry name (letters, digits, '.', '_', '-')",
      "services[0].plans[0].clouds: must list at least one cloud",
    ]);
    expect((await load({ cloud: "a", clouds: ["b", "${x}"] })).problems).toEqual([
      "services[0].plans[0].clouds[1]: \"${x}\" must be a clouds.yaml entry name (letters, digits, '.', '_', '-')",
      "services[0].plans[0].clouds: a plan either pins one `cloud` or allows a list of `clouds`, not both",
    ]);
    const schema = { type: "object", properties: { cloud: { type: "string" } } };
    expect((await load({ defaults: {}, schemas: { create: schema } })).problems).toEqual([
      "services[0].plans[0].schemas.create.properties.cloud: is reserved by the broker (the choice of cloud); do not declare it",
    ]);
  });
});

describe("the reserved cloud parameter", () => {
  const sizeSchema = { type: "object", additionalProperties: false, properties: { size: { type: "integer" } } };
  const plan = (extra: Partial<PlanDefinition> = {}): PlanDefinition => ({
    id: "p",
    name: "small",
    description: "d",
    stack: "s",
    defaults: { size: 1 },
    settings: {},
    schemas: { create: sizeSchema, update: sizeSchema, bind: { type: "object" } },
    credentials: [],
    source: "catalog/x.yaml",
    ...extra,
  });
  /** The refusal as the broker answers it (the catalog's ParameterError as a 400). */
  const refusal = (fn: () => unknown) => {
    try {
      refusedAsBadRequest(fn);
    } catch (error) {
      expect(fn).toThrow(ParameterError);
      if (error instanceof BrokerError) return `${error.status} ${error.description}`;
      throw error;
    }
    return "accepted";
  };

  it("is accepted on create when the plan offers the cloud, and kept out of the values", () => {
    const resolved = resolveParameters({
      plan: plan({ clouds: ["a", "b"] }),
      action: "create",
      given: { cloud: "b", size: 2 },
    });
    expect(resolved).toEqual({ values: { size: 2 }, allowReplace: false, cloud: "b" });
  });

  it("is refused on create without a choice, outside the list, not a string; and on every update", () => {
    expect(refusal(() => resolveParameters({ plan: plan(), action: "create", given: { cloud: "a" } }))).toBe(
      "400 parameters.cloud: plan small does not offer a choice of cloud",
    );
    expect(
      refusal(() => resolveParameters({ plan: plan({ clouds: ["a"] }), action: "create", given: { cloud: "b" } })),
    ).toBe('400 parameters.cloud: "b" is not allowed by plan small (allowed: a)');
    expect(
      refusal(() => resolveParameters({ plan: plan({ clouds: ["a"] }), action: "create", given: { cloud: 1 } })),
    ).toBe("400 parameters.cloud: must be a string");
    expect(
      refusal(() => resolveParameters({ plan: plan({ clouds: ["a"] }), action: "update", given: { cloud: "a" } })),
    ).toBe("400 parameters.cloud: an instance's cloud is chosen at provision and never changes");
  });

  it("an update does not carry the create-time choice into the values; a bind's `cloud` is an ordinary parameter", () => {
    const update = resolveParameters({
      plan: plan({ clouds: ["a"] }),
      action: "update",
      given: { size: 3 },
      previous: { cloud: "a", size: 2 },
    });
    expect(update.values).toEqual({ size: 3 });
    expect(resolveParameters({ plan: plan(), action: "bind", given: { cloud: "x" } }).values).toEqual({ cloud: "x" });
  });
});
