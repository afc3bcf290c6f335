import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A stack whose index.ts default-exports the smallest valid ServiceDefinition. */
export const TINY_STACK = "export default { instance: () => {} };\n";

/** Temporary catalog and stacks directories for tests (see {@link createCatalogTestDirs}). */
export interface CatalogTestDirs {
  readonly root: string;
  /** `<root>/catalog`, so sources read `catalog/<file>`. */
  readonly catalogDir: string;
  readonly stacksDir: string;
  /** Removes everything. */
  cleanup(): Promise<void>;
}

/** Options of {@link createCatalogTestDirs}. */
export interface CatalogTestDirsOptions {
  /** Catalog files by name; objects are written as JSON (which is YAML), strings as they are. */
  readonly files: Readonly<Record<string, unknown>>;
  /** `index.ts` contents by stack folder name. Default: `{ "test-stack": TINY_STACK }`. */
  readonly stacks?: Readonly<Record<string, string>>;
}

/** Test helper: writes catalog files and tiny stacks into a fresh temporary directory. */
export async function createCatalogTestDirs(options: CatalogTestDirsOptions): Promise<CatalogTestDirs> {
  const root = await mkdtemp(join(tmpdir(), "catalog-test-"));
  const catalogDir = join(root, "catalog");
  const stacksDir = join(root, "stacks");
  await mkdir(catalogDir);
  await mkdir(stacksDir);
  for (const [name, content] of Object.entries(options.files)) {
    await writeFile(join(catalogDir, name), typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  for (const [name, index] of Object.entries(options.stacks ?? { "test-stack": TINY_STACK })) {
    await mkdir(join(stacksDir, name), { recursive: true });
    await writeFile(join(stacksDir, name, "index.ts"), index);
  }
  return { root, catalogDir, stacksDir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** A valid plan for tests (override fields with spread). */
export function testPlan(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "plan-1",
    name: "small",
    description: "A small plan",
    stack: "test-stack",
    defaults: { size: 1 },
    credentials: ["endpoint"],
    maintenance_info: { version: "1.2.3" },
    schemas: {
      create: {
        type: "object",
        additionalProperties: false,
        properties: { size: { type: "integer", minimum: 1, maximum: 10 }, label: { type: "string" } },
      },
    },
    ...overrides,
  };
}

/** A valid service for tests, with one plan unless `plans` is overridden. */
export function testService(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "service-1",
    name: "test-service",
    description: "A service for tests",
    bindable: true,
    plans: [testPlan()],
    ...overrides,
  };
}
