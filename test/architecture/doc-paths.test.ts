import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { documents, staleDocPaths, stalePaths } from "./doc-paths.js";

/**
 * The documents name files that exist: every `src/...`, `test/...`, `stacks/...` (scripts/, bench/,
 * schema/) path in README.md, DEVELOPERS.md, docs/ and the READMEs of src/ and stacks/, a layer's
 * files in code spans (`runtime/simulation.ts`, as docs/architecture.md names them), and every
 * relative markdown link. A file moved or removed by a merge (src/http/test-harness.ts became
 * test/helpers/http-test-harness.ts) fails here until the docs follow.
 */
const ROOT = resolve(import.meta.dirname, "../..");

/** Paths written as examples of what does not exist (yet), each with why. */
const ILLUSTRATIONS: readonly { readonly file: string; readonly path: string; readonly why: string }[] = [
  { file: "docs/writing-a-service.md", path: "stacks/x/index.ts", why: "the text of a 'stack not found' error" },
  {
    file: "docs/writing-a-service.md",
    path: "schema/openstack-provider-schema-3.5.0.json",
    why: "the file a provider upgrade creates",
  },
];
const illustrated = (s: { file: string; path: string }) =>
  ILLUSTRATIONS.some((i) => i.file === s.file && i.path === s.path);

describe("paths named in the docs", () => {
  it("finds the documents (README, DEVELOPERS, docs/, READMEs in src/)", () => {
    const docs = documents(ROOT);
    expect(docs).toEqual(expect.arrayContaining(["README.md", "DEVELOPERS.md", "docs/architecture.md"]));
    expect(docs).toContain("src/testing/README.md");
  });

  it("every src/, test/, stacks/ path and relative link in them exists", () => {
    const stale = staleDocPaths(ROOT).filter((s) => !illustrated(s));
    expect(stale.map((s) => `${s.file}:${s.line}: ${s.path}`)).toEqual([]);
  });

  it("the illustrations are still written (else remove them from the list)", () => {
    const all = staleDocPaths(ROOT);
    for (const i of ILLUSTRATIONS)
      expect(
        all.some((s) => s.file === i.file && s.path === i.path),
        i.path,
      ).toBe(true);
  });

  it("reports a moved file, a broken link; not a placeholder, a glob, a URL or an import's .js", () => {
    const text = [
      "The HTTP tests use `src/http/test-harness.ts` (see [the harness](../src/http/test-harness.ts#L1)).",
      "Now in test/helpers/http-test-harness.ts; import `src/testing/index.js`.",
      "The cache: `runtime/cached-value.ts`; the old one: `runtime/metrics-cache.ts`.",
      "`npx vitest run stacks/<name>`, constructs in stacks/*, [OSB](https://github.com/x/y/src/z.md), [up](#top).",
    ].join("\n");
    expect(stalePaths(ROOT, "docs/example.md", text)).toEqual([
      { file: "docs/example.md", line: 1, path: "src/http/test-harness.ts" },
      { file: "docs/example.md", line: 1, path: "../src/http/test-harness.ts#L1" },
      { file: "docs/example.md", line: 3, path: "runtime/metrics-cache.ts" },
    ]);
  });
});
