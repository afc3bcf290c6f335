import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { sourceFiles } from "./import-graph.js";

/**
 * Where test support lives (docs/architecture.md, "Where test support lives"): no non-test file of
 * src/ or stacks/ imports a test runner. Fakes beside their interfaces stay (they import none); the
 * service kit src/testing is public API and MUST NOT; harnesses and contracts that need vitest are
 * under test/helpers/.
 */
const ROOT = resolve(import.meta.dirname, "../..");

/** The package imports of `file` (static, type-only, re-exports and dynamic `import()`). */
function packageImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), "utf8"), true, true);
  return importedFiles.map((imported) => imported.fileName).filter((name) => !name.startsWith("."));
}

const isTestRunner = (name: string) => name === "vitest" || name.startsWith("vitest/") || name.startsWith("@vitest/");

describe("test support out of src/", () => {
  it("no non-test file of src/ or stacks/ imports vitest", () => {
    const offenders = sourceFiles(ROOT, ["src", "stacks"]).filter((file) => packageImports(file).some(isTestRunner));
    expect(offenders).toEqual([]);
  });

  it("the check sees a vitest import (the helpers under test/ have them)", () => {
    expect(packageImports("test/helpers/state-store-contract.ts").some(isTestRunner)).toBe(true);
  });
});
