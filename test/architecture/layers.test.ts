import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cyclePath, importCycles, importsOf, sourceFiles, type ImportEdge } from "./import-graph.js";
import { readLayerTable, type Layer } from "./layer-table.js";

/**
 * The dependency rule: every import of a non-test file under src/ and stacks/ follows the layer table
 * of docs/architecture.md (the one place it is written; this test reads it from there), and no files
 * import each other in a cycle. A failure names the file, the import and the rule it breaks.
 */
const ROOT = resolve(import.meta.dirname, "../..");
const DOC = "docs/architecture.md";
const SCANNED = ["src", "stacks"];

/** An import that breaks the rule and is known to go away (with the change that removes it). */
interface AllowedViolation {
  readonly file: string;
  readonly import: string;
  readonly why: string;
}

/**
 * Violations a change in flight is known to remove, each one commented. Empty: every import follows
 * the table. An entry that no longer matches a violation fails the test, so the list only shrinks.
 */
const ALLOWED: readonly AllowedViolation[] = [];

const layers = readLayerTable(join(ROOT, DOC));
const files = sourceFiles(ROOT, SCANNED);
const edges = files.flatMap((file) => importsOf(ROOT, file));
const isAllowed = (edge: ImportEdge) => ALLOWED.some((a) => a.file === edge.from && a.import === edge.to);

/** The layer whose folder holds `file` (the longest matching folder). */
function layerOf(file: string): Layer | undefined {
  return layers
    .filter((layer) => file.startsWith(`${layer.folder}/`))
    .sort((a, b) => b.folder.length - a.folder.length)[0];
}

/** Why an import breaks the table, or undefined when it follows it. */
function violation({ from, to }: ImportEdge): string | undefined {
  const source = layerOf(from);
  const target = layerOf(to);
  if (source === undefined) return `${from} is in no layer of ${DOC}`;
  if (target === undefined) return `${from} imports ${to}, which is in no layer of ${DOC}`;
  if (source === target) return undefined;
  const allowed = source.mayImport.find((entry) => entry.layer === target.name);
  if (allowed === undefined)
    return `${from} imports ${to}: layer ${source.name} may not import ${target.name} (${DOC})`;
  const inside = to.slice(target.folder.length + 1).replace(/\.ts$/, "");
  if (allowed.only !== undefined && !allowed.only.includes(inside)) {
    return `${from} imports ${to}: layer ${source.name} may import ${target.name} only through ${allowed.only.join(", ")} (${DOC})`;
  }
  return undefined;
}

describe(`the layers of ${DOC}`, () => {
  it("are an order: each layer imports only layers above it in the table, through files that exist", () => {
    const problems: string[] = [];
    layers.forEach((layer, i) => {
      const above = layers.slice(0, i);
      if (above.some((other) => other.name === layer.name || other.folder === layer.folder))
        problems.push(`${layer.name}: listed twice`);
      for (const allowed of layer.mayImport) {
        const target = above.find((other) => other.name === allowed.layer);
        if (target === undefined) {
          problems.push(`${layer.name} may import ${allowed.layer}, which is not a layer above it in the table`);
          continue;
        }
        for (const only of allowed.only ?? []) {
          if (existsSync(join(ROOT, target.folder)) && !existsSync(join(ROOT, target.folder, `${only}.ts`))) {
            problems.push(
              `${layer.name} may import ${target.name} through ${only}, but ${target.folder}/${only}.ts does not exist`,
            );
          }
        }
      }
    });
    expect(layers.map((layer) => layer.name)).toContain("domain");
    expect(problems).toEqual([]);
  });

  it("the domain imports nothing of the project", () => {
    expect(layers.find((layer) => layer.name === "domain")?.mayImport).toEqual([]);
  });

  it(`every non-test file of ${SCANNED.join(" and ")} is in a layer`, () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((file) => layerOf(file) === undefined)).toEqual([]);
  });

  it("no import breaks the table", () => {
    const broken = edges
      .filter((edge) => !isAllowed(edge))
      .map(violation)
      .filter((v) => v !== undefined);
    expect(broken).toEqual([]);
  });

  it("no files import each other in a cycle", () => {
    const checked = edges.filter((edge) => !isAllowed(edge));
    const cycles = importCycles(checked).map(
      (component) => `import cycle: ${cyclePath(component, checked).join(" -> ")}`,
    );
    expect(cycles).toEqual([]);
  });

  it("every allowed violation is still one (the list only shrinks)", () => {
    const inCycle = new Set(importCycles(edges).flat());
    const stale = ALLOWED.filter((allowed) => {
      const edge = edges.find((e) => e.from === allowed.file && e.to === allowed.import);
      if (edge === undefined) return true;
      return violation(edge) === undefined && !(inCycle.has(edge.from) && inCycle.has(edge.to));
    });
    expect(
      stale.map((a) => `${a.file} -> ${a.import} (${a.why}): no longer a violation, remove it from ALLOWED`),
    ).toEqual([]);
  });
});
