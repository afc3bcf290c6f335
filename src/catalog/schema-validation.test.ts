import { afterEach, describe, expect, it } from "vitest";
import { CatalogError, formatProblem } from "./catalog-error.js";
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

/** Loads a catalog whose one plan has these fields; returns the problems (empty when it loads). */
async function planProblems(plan: Record<string, unknown>): Promise<string[]> {
  const d = await createCatalogTestDirs({
    files: { "x.yaml": { services: [testService({ plans: [testPlan(plan)] })] } },
  });
  dirs.push(d);
  try {
    await loadCatalog({ catalogDir: d.catalogDir, stacksDir: d.stacksDir });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    return (error as CatalogError).problems.map(formatProblem);
  }
}
const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: "object",
  properties,
  ...extra,
});
const P = "catalog/x.yaml: services[0].plans[0]";

describe("catalog validation: parameter schemas", () => {
  it("accepts draft-07 and 2020-12 schemas with internal references", async () => {
    expect(
      await planProblems({
        schemas: {
          create: object({ size: { $ref: "#/definitions/size" } }, { definitions: { size: { type: "integer" } } }),
          update: object(
            { size: { $ref: "#/$defs/size" } },
            { $schema: "https://json-schema.org/draft/2020-12/schema", $defs: { size: { type: "integer" } } },
          ),
          bind: object(
            { user: { type: "string", format: "hostname" } },
            { $schema: "http://json-schema.org/draft-07/schema#" },
          ),
        },
      }),
    ).toEqual([]);
  });

  it("reports misspelt keywords and invalid keyword values (ajv strict mode)", async () => {
    const lines = await planProblems({
      schemas: { create: object({ size: { type: "integer", maximun: 3 } }), bind: object({ a: { type: "strnig" } }) },
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^${esc(P)}\\.schemas\\.create: is not a valid JSON Schema: .*unknown keyword: "maximun"`),
    );
    expect(lines[1]).toMatch(new RegExp(`^${esc(P)}\\.schemas\\.bind: is not a valid JSON Schema: .*type`));
  });

  it("reports unknown formats", async () => {
    const [line] = await planProblems({ schemas: { create: object({ a: { type: "string", format: "colour" } }) } });
    expect(line).toMatch(/schemas\.create: is not a valid JSON Schema: unknown format "colour"/);
  });

  it("refuses external $ref", async () => {
    const lines = await planProblems({
      schemas: {
        create: object({ a: { $ref: "https://example.com/s.json" }, b: { items: [{ $ref: "other.json#/x" }] } }),
      },
    });
    expect(lines).toEqual([
      `${P}.schemas.create.properties.a.$ref: external reference "https://example.com/s.json" is not allowed (only "#..." references)`,
      `${P}.schemas.create.properties.b.items[0].$ref: external reference "other.json#/x" is not allowed (only "#..." references)`,
    ]);
  });

  it("refuses schemas over 64 kB", async () => {
    const properties = Object.fromEntries(
      Array.from({ length: 1500 }, (_, i) => [`p${i}`, { type: "string", description: "x".repeat(30) }]),
    );
    const [line] = await planProblems({ defaults: {}, schemas: { create: object(properties) } });
    expect(line).toMatch(
      new RegExp(`^${esc(P)}\\.schemas\\.create: is \\d+ bytes; OSB allows at most 64 kB \\(65536 bytes\\)$`),
    );
  });

  it("requires an object schema, a supported $schema, and known actions", async () => {
    expect(await planProblems({ defaults: {}, schemas: { create: { type: "string" }, delete: object({}) } })).toEqual([
      `${P}.schemas.delete: unknown key "delete" (expected one of: create, update, bind)`,
      `${P}.schemas.create.type: must be "object" (parameters are an object)`,
    ]);
    expect(
      await planProblems({ schemas: { create: object({}, { $schema: "http://json-schema.org/draft-04/schema#" }) } }),
    ).toEqual([
      `${P}.schemas.create.$schema: unsupported "http://json-schema.org/draft-04/schema#" (use http://json-schema.org/draft-07/schema# or https://json-schema.org/draft/2020-12/schema)`,
    ]);
  });

  it("reserves allow_replace", async () => {
    expect(await planProblems({ schemas: { update: object({ allow_replace: { type: "boolean" } }) } })).toEqual([
      `${P}.schemas.update.properties.allow_replace: is reserved by the broker (the opt-in for destructive updates); do not declare it`,
    ]);
  });

  it("requires defaults to satisfy the create schema, except required properties the request must give", async () => {
    const create = object(
      { size: { type: "integer", maximum: 10 }, name: { type: "string" } },
      { required: ["name"], additionalProperties: false },
    );
    expect(await planProblems({ defaults: { size: 3 }, schemas: { create } })).toEqual([]);
    expect(await planProblems({ defaults: { size: 30, sise: 1 }, schemas: { create } })).toEqual([
      `${P}.defaults.sise: is not allowed by the schema (create schema)`,
      `${P}.defaults.size: must be <= 10 (create schema)`,
    ]);
  });
});

function esc(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
