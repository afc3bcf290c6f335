import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

/** A path a document mentions that does not exist in the tree. */
export interface StalePath {
  /** The document, relative to the root (`docs/deploy.md`). */
  readonly file: string;
  readonly line: number;
  /** The path as written (a repository path, or a markdown link's target). */
  readonly path: string;
}

/** Repository paths in prose and code spans: `src/...`, `test/...`, `stacks/...` and the like. */
const TREE_PATH = /(?<![\w./@-])((?:src|test|stacks|scripts|bench|schema)\/[\w./*<>{}$-]*[\w*>}/-])/g;
/** Markdown link targets: `[text](../src/testing/README.md#anchor)`. */
const LINK = /\]\(([^)\s]+)\)/g;
/** The layers' folders under src/ (`runtime/store-gauges.ts` in a code span means src/runtime/store-gauges.ts). */
const layerPath = (root: string) => {
  const layers = readdirSync(join(root, "src"), { withFileTypes: true }).filter((e) => e.isDirectory());
  return new RegExp(`\`((?:${layers.map((e) => e.name).join("|")})/[\\w./-]+\\.(?:ts|md|json))\``, "g");
};
/** A placeholder or a glob (`stacks/<name>`, `stacks/*`, `stacks/${name}`): not one file. */
const PATTERN = /[*<>{}$]/;

/** The documents whose paths are checked: README.md, DEVELOPERS.md, docs/ and the READMEs in src/ and stacks/. */
export function documents(root: string): string[] {
  const out = ["README.md", "DEVELOPERS.md"].filter((f) => existsSync(join(root, f)));
  const walk = (dir: string, keep: (name: string) => boolean) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules" && entry.name !== "gen") walk(path, keep);
      else if (entry.isFile() && keep(entry.name)) out.push(path);
    }
  };
  walk("docs", (name) => name.endsWith(".md"));
  for (const dir of ["src", "stacks"]) walk(dir, (name) => name === "README.md");
  return out.sort();
}

/** Whether `path` (relative to `root`) exists; an import specifier's `.js` names its `.ts` source. */
function exists(root: string, path: string): boolean {
  const full = join(root, path.replace(/\/$/, ""));
  return existsSync(full) || (full.endsWith(".js") && existsSync(`${full.slice(0, -3)}.ts`));
}

/**
 * The paths `text` (the document `file`) mentions that do not exist under `root`: repository paths
 * anywhere in the text (from the root), a layer's files in code spans (`runtime/x.ts`: from src/ or
 * the root), relative markdown links (from the document's folder).
 * Placeholders and globs are not checked; URLs and anchors neither.
 */
export function stalePaths(root: string, file: string, text: string): StalePath[] {
  const out: StalePath[] = [];
  const inLayer = layerPath(root);
  text.split("\n").forEach((content, index) => {
    const line = index + 1;
    for (const [, path] of content.matchAll(TREE_PATH))
      if (!PATTERN.test(path) && !exists(root, path)) out.push({ file, line, path });
    for (const [, path] of content.matchAll(inLayer))
      if (!exists(root, join("src", path)) && !exists(root, path)) out.push({ file, line, path });
    for (const [, target] of content.matchAll(LINK)) {
      if (/^[a-z][a-z+.-]*:/i.test(target) || target.startsWith("#")) continue;
      const path = target.split("#")[0];
      const fromRoot = relative(root, normalize(join(root, dirname(file), path)));
      if (!PATTERN.test(path) && !exists(root, fromRoot)) out.push({ file, line, path: target });
    }
  });
  return out;
}

/** {@link stalePaths} of every {@link documents} file. */
export function staleDocPaths(root: string): StalePath[] {
  return documents(root).flatMap((file) => stalePaths(root, file, readFileSync(join(root, file), "utf8")));
}
