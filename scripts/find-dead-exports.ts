/**
 * Lists the exports of src/ and stacks/ that no other file imports: `npm run dead-exports`.
 *
 * Reads every TypeScript file of the repository (src, stacks, test, scripts, bench) with the
 * compiler's parser only (no type check, a second or two) and resolves relative imports. An export
 * is reported as
 * - `dead`: no other file imports it and its own file does not use it either (delete it);
 * - `tests only`: only test files (`*.test.ts`, test/, benches) import it and its own file does not use
 *   it: production code never reaches it (test support, or dead code kept alive by its test);
 * - `local` (with `--all` only): its own file uses it, nothing imports it — mostly the `XOptions` and
 *   result types in the signature of an exported `createX` (API by the style guide), so not a finding;
 * - `for tests` (with `--all` only): only tests import it, its own file uses it (exported to be unit-tested).
 * Not reported: the default export of `stacks/<name>/index.ts` (the broker loads it by path),
 * `src/testing/index.ts` (the service test kit's public API), the test doubles beside their interfaces
 * (`fake-*.ts`, used by tests by definition) and the documented exceptions in {@link KEPT}. A module
 * imported with `import * as` or `import()` counts every one of its exports as used.
 * The default report is empty when the tree is clean. Exit code 0 always: a report, not a gate.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { execFileSync } from "node:child_process";

const all = process.argv.includes("--all");
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const files = execFileSync("git", ["ls-files", "*.ts", "bin/*.js"], { cwd: root, encoding: "utf8" })
  .split("\n")
  .filter((f) => f && !f.startsWith("gen/") && !f.startsWith("test/fixtures/"));

/** Entry points whose exports are API for code outside the repository's own imports. */
const PUBLIC_API = ["src/testing/index.ts"];

/** `file#export` kept although only tests import it, with the reason. */
const KEPT: Readonly<Record<string, string>> = {
  "src/provider-rules/load.ts#attributeRules": "the rules table's documented lookup API (docs/provider-rules.md)",
  "src/catalog/import-stack.ts#useCompiledModules": "called by bin/openstack-broker.js (JavaScript) under the build",
};

/** A test double beside the interface it implements (CSB's convention): only tests use it. */
const isFake = (file: string): boolean => /(^|\/)fake-[^/]+\.ts$/.test(file);

const isTest = (file: string): boolean =>
  file.endsWith(".test.ts") || file.startsWith("test/") || file.endsWith(".bench.ts");

interface Export {
  readonly file: string;
  readonly name: string;
  readonly line: number;
}

const exportsByFile = new Map<string, Export[]>();
/** Per module file: importer file -> names it imports (`*` for all). */
const importers = new Map<string, Map<string, Set<string>>>();
const localUses = new Map<string, Map<string, number>>();

function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const target = relative(root, join(root, dirname(from), specifier));
  for (const candidate of [target.replace(/\.js$/, ".ts"), `${target}.ts`, join(target, "index.ts")]) {
    if (files.includes(candidate)) return candidate;
  }
  return undefined;
}

function addImport(module: string | undefined, importer: string, name: string): void {
  if (!module) return;
  const byImporter = importers.get(module) ?? new Map<string, Set<string>>();
  importers.set(module, byImporter);
  const names = byImporter.get(importer) ?? new Set<string>();
  byImporter.set(importer, names);
  names.add(name);
}

for (const file of files) {
  const text = readFileSync(join(root, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const exported: Export[] = [];
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const counts = new Map<string, number>();

  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) counts.set(node.text, (counts.get(node.text) ?? 0) + 1);
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) addImport(resolveSpecifier(file, arg.text), file, "*");
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  localUses.set(file, counts);

  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const module = resolveSpecifier(file, statement.moduleSpecifier.text);
      const clause = statement.importClause;
      if (clause?.name) addImport(module, file, "default");
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) addImport(module, file, "*");
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) addImport(module, file, (element.propertyName ?? element.name).text);
      }
      continue;
    }
    if (ts.isExportDeclaration(statement)) {
      const module =
        statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
          ? resolveSpecifier(file, statement.moduleSpecifier.text)
          : undefined;
      const clause = statement.exportClause;
      if (!clause) addImport(module, file, "*");
      else if (ts.isNamedExports(clause)) {
        for (const element of clause.elements) {
          if (module) addImport(module, file, (element.propertyName ?? element.name).text);
          exported.push({ file, name: element.name.text, line: line(element) });
        }
      }
      continue;
    }
    if (ts.isExportAssignment(statement)) {
      exported.push({ file, name: "default", line: line(statement) });
      continue;
    }
    const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
    if (!modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (isDefault) exported.push({ file, name: "default", line: line(statement) });
    else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name))
          exported.push({ file, name: declaration.name.text, line: line(declaration) });
      }
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      exported.push({ file, name: statement.name.text, line: line(statement) });
    }
  }
  exportsByFile.set(file, exported);
}

const report: string[] = [];
for (const [file, exported] of exportsByFile) {
  if (!(file.startsWith("src/") || file.startsWith("stacks/")) || isTest(file)) continue;
  for (const e of exported) {
    if (e.name === "default" && /^stacks\/[^/]+\/index\.ts$/.test(file)) continue;
    if (PUBLIC_API.includes(file) || isFake(file) || KEPT[`${file}#${e.name}`] !== undefined) continue;
    const users = [...(importers.get(file) ?? new Map<string, Set<string>>())]
      .filter(([importer, names]) => importer !== file && (names.has(e.name) || names.has("*")))
      .map(([importer]) => importer);
    const local = (localUses.get(file)?.get(e.name) ?? 0) > 1;
    if (users.length === 0 && (!local || all)) report.push(`${local ? "local" : "dead"}\t${file}:${e.line}\t${e.name}`);
    else if (users.every(isTest) && (!local || all)) {
      report.push(`${local ? "for tests" : "tests only"}\t${file}:${e.line}\t${e.name}\t(${users.join(", ")})`);
    }
  }
}
console.log(report.sort().join("\n"));
console.log(`${report.length} exports reported`);
