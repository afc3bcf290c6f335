import { afterEach, describe, expect, it } from "vitest";
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

/** Loads the files and returns the CatalogError's message lines (fails if loading succeeds). */
async function problems(files: Record<string, unknown>, stacks?: Record<string, string>): Promise<string[]> {
  const d = await createCatalogTestDirs({ files, stacks });
  dirs.push(d);
  const error = await loadCatalog({ catalogDir: d.catalogDir, stacksDir: d.stacksDir }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CatalogError);
  const catalogError = error as CatalogError;
  const lines = catalogError.problems.map((p) =>
    p.path ? `${p.file}: ${p.path}: ${p.message}` : `${p.file}: ${p.message}`,
  );
  for (const line of lines) expect(catalogError.message).toContain(line);
  return lines;
}
const one = (service: Record<string, unknown>) => ({ "x.yaml": { services: [service] } });

describe("catalog validation", () => {
  it("reports missing required fields of services and plans, all at once", async () => {
    const lines = await problems(one({ plans: [{}] }));
    expect(lines).toEqual(
      expect.arrayContaining([
        "catalog/x.yaml: services[0].bindable: is required",
        "catalog/x.yaml: services[0].id: is required",
        "catalog/x.yaml: services[0].name: is required",
        "catalog/x.yaml: services[0].description: is required",
        "catalog/x.yaml: services[0].plans[0].id: is required",
        "catalog/x.yaml: services[0].plans[0].name: is required",
        "catalog/x.yaml: services[0].plans[0].description: is required",
        "catalog/x.yaml: services[0].plans[0].stack: is required",
      ]),
    );
    expect(lines).toHaveLength(8);
    expect(await problems(one(testService({ plans: undefined })))).toEqual([
      "catalog/x.yaml: services[0].plans: is required",
    ]);
    expect(await problems(one(testService({ plans: [] })))).toEqual([
      "catalog/x.yaml: services[0].plans: must list at least one plan",
    ]);
  });

  it("reports wrong types", async () => {
    const lines = await problems(
      one(
        testService({
          id: 123,
          bindable: "yes",
          tags: "db",
          metadata: [1],
          instances_retrievable: 1,
          plans: [
            testPlan({ maximum_polling_duration: 0, defaults: "x", settings: [], credentials: "endpoint", free: "no" }),
          ],
        }),
      ),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        "catalog/x.yaml: services[0].id: must be a string, got a number (123)",
        'catalog/x.yaml: services[0].bindable: must be true or false, got a string ("yes")',
        'catalog/x.yaml: services[0].tags: must be a list, got a string ("db")',
        "catalog/x.yaml: services[0].metadata: must be a mapping (key: value), got a list",
        "catalog/x.yaml: services[0].instances_retrievable: must be true or false, got a number (1)",
        "catalog/x.yaml: services[0].plans[0].maximum_polling_duration: must be >= 1",
        'catalog/x.yaml: services[0].plans[0].defaults: must be a mapping (key: value), got a string ("x")',
        "catalog/x.yaml: services[0].plans[0].settings: must be a mapping (key: value), got a list",
        'catalog/x.yaml: services[0].plans[0].credentials: must be a list, got a string ("endpoint")',
        'catalog/x.yaml: services[0].plans[0].free: must be true or false, got a string ("no")',
      ]),
    );
  });

  it("reports bad list items: requires values, duplicate tags, credential names", async () => {
    const lines = await problems(
      one(
        testService({
          tags: ["a", "a"],
          requires: ["volume_mount", "dns"],
          plans: [testPlan({ credentials: ["ok", "not ok", 3] })],
        }),
      ),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'catalog/x.yaml: services[0].tags[1]: "a" is listed twice',
        'catalog/x.yaml: services[0].requires[1]: "dns" is not one of syslog_drain, route_forwarding, volume_mount',
        "catalog/x.yaml: services[0].plans[0].credentials[2]: must be a non-empty string, got a number (3)",
      ]),
    );
    expect(lines).toHaveLength(3);
    expect(await problems(one(testService({ plans: [testPlan({ credentials: ["not ok"] })] })))).toEqual([
      'catalog/x.yaml: services[0].plans[0].credentials[0]: "not ok" is not a valid output name',
    ]);
  });

  it("requires unique service ids and names and plan ids across files, and plan names per service", async () => {
    const lines = await problems({
      "a.yaml": { services: [testService({ plans: [testPlan(), testPlan({ id: "plan-2" })] })] },
      "b.yaml": { services: [testService({ plans: [testPlan({ name: "other" })] })] },
    });
    expect(lines).toEqual([
      'catalog/a.yaml: services[0].plans[1].name: must be unique within the service ("small" is also services[0].plans[0].name)',
      'catalog/b.yaml: services[0].id: must be unique: service id "service-1" is also declared at catalog/a.yaml: services[0].id',
      'catalog/b.yaml: services[0].name: must be unique: service name "test-service" is also declared at catalog/a.yaml: services[0].name',
      'catalog/b.yaml: services[0].plans[0].id: must be unique: plan id "plan-1" is also declared at catalog/a.yaml: services[0].plans[0].id',
    ]);
    const sameFile = await problems({
      "a.yaml": { services: [testService({ plans: [testPlan(), testPlan({ name: "two" })] })] },
    });
    expect(sameFile).toEqual([
      'catalog/a.yaml: services[0].plans[1].id: must be unique: plan id "plan-1" is also declared at services[0].plans[0].id',
    ]);
  });

  it("requires lowercase names and ids without spaces", async () => {
    const lines = await problems(
      one(testService({ id: "a b", name: "My_Service", plans: [testPlan({ name: "Big" })] })),
    );
    expect(lines).toEqual([
      'catalog/x.yaml: services[0].id: "a b" must not contain spaces',
      'catalog/x.yaml: services[0].name: "My_Service" must use only lowercase letters, digits and hyphens',
      'catalog/x.yaml: services[0].plans[0].name: "Big" must use only lowercase letters, digits and hyphens',
    ]);
  });

  it("names unknown keys, suggesting the likely one", async () => {
    const lines = await problems({
      "x.yaml": {
        services: [testService({ bindabel: true, plans: [testPlan({ stak: "x", color: "red" })] })],
        extra: 1,
      },
    });
    expect(lines).toEqual([
      'catalog/x.yaml: extra: unknown key "extra" (expected one of: services)',
      'catalog/x.yaml: services[0].bindabel: unknown key "bindabel" (did you mean "bindable"?)',
      'catalog/x.yaml: services[0].plans[0].stak: unknown key "stak" (did you mean "stack"?)',
      expect.stringMatching(
        /^catalog\/x\.yaml: services\[0\]\.plans\[0\]\.color: unknown key "color" \(expected one of: id, name, description, .*credentials\)$/,
      ),
    ]);
  });

  it("checks maintenance_info.version is semver", async () => {
    expect(
      await problems(one(testService({ plans: [testPlan({ maintenance_info: { version: "1.0", notes: "x" } })] }))),
    ).toEqual([
      'catalog/x.yaml: services[0].plans[0].maintenance_info.notes: unknown key "notes" (expected one of: version, description)',
      'catalog/x.yaml: services[0].plans[0].maintenance_info.version: "1.0" is not a semantic version (like 1.0.0)',
    ]);
    expect(await problems(one(testService({ plans: [testPlan({ maintenance_info: {} })] })))).toEqual([
      "catalog/x.yaml: services[0].plans[0].maintenance_info.version: is required",
    ]);
  });
});

describe("catalog validation: files and stacks", () => {
  it("reports empty files, bad YAML and a document that is not a mapping", async () => {
    const lines = await problems({
      "a.yaml": "# nothing here yet\n\n",
      "b.yaml": "services: [unclosed",
      "c.yaml": "- just\n- a list\n",
      "d.yaml": "services: []\n",
      "e.yaml": "services:\n  - id: x\n    id: y\n",
    });
    expect(lines[0]).toBe("catalog/a.yaml: is empty (expected a mapping with `services:`)");
    expect(lines[1]).toMatch(/^catalog\/b\.yaml: is not valid YAML: .+/);
    expect(lines[2]).toBe("catalog/c.yaml: must be a mapping (key: value), got a list");
    expect(lines[3]).toBe("catalog/d.yaml: services: must list at least one service");
    expect(lines[4]).toMatch(/^catalog\/e\.yaml: is not valid YAML: .*duplicate/i);
    expect(lines).toHaveLength(5);
  });

  it("requires each plan's stack folder to have an index.ts", async () => {
    const lines = await problems(
      one(
        testService({ plans: [testPlan({ stack: "missing" }), testPlan({ id: "p2", name: "b", stack: "../escape" })] }),
      ),
    );
    expect(lines[0]).toBe(
      'catalog/x.yaml: services[0].plans[1].stack: "../escape" must be the name of a folder in the stacks directory',
    );
    expect(lines[1]).toMatch(
      /^catalog\/x\.yaml: services\[0\]\.plans\[0\]\.stack: stack not found: .*\/stacks\/missing\/index\.ts does not exist$/,
    );
    expect(lines).toHaveLength(2);
  });

  it("reports a stack that fails to import with its path and the error's message", async () => {
    const lines = await problems(one(testService({ plans: [testPlan({ stack: "broken" })] })), {
      broken: 'throw new Error("boom at import");\nexport default { instance: () => {} };\n',
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^catalog\/x\.yaml: services\[0\]\.plans\[0\]\.stack: cannot import .*\/stacks\/broken\/index\.ts: boom at import$/,
    );
  });

  it("requires the stack to default-export an object with an instance function", async () => {
    const lines = await problems(
      one(
        testService({
          plans: [
            testPlan({ stack: "none" }),
            testPlan({ id: "p2", name: "b", stack: "noinstance" }),
            testPlan({ id: "p3", name: "c", stack: "ok" }),
          ],
        }),
      ),
      { none: "export const x = 1;\n", noinstance: "export default { binding: () => {} };\n", ok: TINY_STACK },
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/plans\[0\]\.stack: .*\/stacks\/none\/index\.ts must default-export a ServiceDefinition/);
    expect(lines[1]).toMatch(
      /plans\[1\]\.stack: .*\/stacks\/noinstance\/index\.ts default export has no `instance` function$/,
    );
  });
});
