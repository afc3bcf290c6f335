/**
 * Which environment variables the broker really reads, for checking the manifests' env against:
 * a name must be documented (the README's "Configuration" section, docs/state.md or docs/clouds.md)
 * AND read by the code (it occurs in src/ outside tests as `.NAME` or as a quoted "NAME").
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./manifests.js";

/** Variables read by the platform under the broker rather than by src/ (with the reason). */
export const RUNTIME_VARIABLES: Readonly<Record<string, string>> = {
  TMPDIR: "Node's os.tmpdir(): the README's defaults of WORK_DIR and TF_PLUGIN_CACHE_DIR are under $TMPDIR",
};

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const end = markdown.indexOf("\n## ", start + 4);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** Upper-case names inside `code spans` of a markdown text. */
function codeNames(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const span of markdown.matchAll(/`([^`\n]+)`/g))
    for (const m of span[1].matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\b/g)) names.add(m[0]);
  return names;
}

/** Names the documentation gives as configuration. */
export function documentedVariables(): Set<string> {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const names = codeNames(section(readme, "Configuration"));
  for (const doc of ["docs/state.md", "docs/clouds.md"])
    for (const n of codeNames(readFileSync(join(ROOT, doc), "utf8"))) names.add(n);
  return names;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

let sourceText: string | undefined;

/** Whether src/ (tests excluded) reads `name` (`.NAME`, `"NAME"`, `'NAME'` or a template `NAME`). */
export function readBySource(name: string): boolean {
  sourceText ??= sourceFiles(join(ROOT, "src"))
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");
  return new RegExp(`(?:\\.${name}\\b|["'\`]${name}["'\`])`).test(sourceText);
}

/** Why `name` is not a variable the broker reads, or undefined when it is one. */
export function variableProblem(name: string, documented = documentedVariables()): string | undefined {
  if (name in RUNTIME_VARIABLES) return undefined;
  if (!documented.has(name)) return `${name} is not in the README's configuration (nor docs/state.md, docs/clouds.md)`;
  if (!readBySource(name)) return `${name} is documented but nothing in src/ reads it`;
  return undefined;
}
