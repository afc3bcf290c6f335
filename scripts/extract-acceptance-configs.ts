/**
 * Extracts the provider's acceptance-test configurations into the committed corpus
 * (test/acceptance/corpus/), for every resource type and data source the stacks use.
 *
 * Usage: `npm run gen:acceptance [-- --check] [-- --update-expectations]`
 * - the reference source is `$PROVIDER_SOURCE_DIR`, else ../shared/reference/terraform-provider-openstack-3.4.0;
 *   when it is absent the script says so and leaves the committed corpus as it is (exit 0);
 * - `--check`: write nothing, exit 1 when the committed corpus differs from a fresh extraction;
 * - `--update-expectations`: afterwards, run the corpus against the simulator and record every
 *   outcome into test/acceptance/expectations.json (existing reasons kept; review the diff).
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { CORPUS_DIR, DEFAULT_REFERENCE_DIR, generateCorpus } from "../test/acceptance/extract/generate.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

async function main(args: readonly string[]): Promise<number> {
  const check = args.includes("--check");
  const reference = resolve(root, process.env.PROVIDER_SOURCE_DIR ?? DEFAULT_REFERENCE_DIR);
  const corpusDir = join(root, CORPUS_DIR);
  if (!existsSync(join(reference, "openstack"))) {
    console.log(
      `gen:acceptance: the provider reference is absent (${reference}); the committed corpus in ${CORPUS_DIR} is kept as it is.`,
    );
  } else {
    const generated = await generateCorpus(reference, join(root, "stacks"));
    for (const missing of generated.missingTestFiles)
      console.log(`gen:acceptance: the reference has no openstack/${missing}`);
    const differences = await compare(corpusDir, generated.files);
    if (check) {
      if (differences.length === 0)
        console.log(`gen:acceptance: ${CORPUS_DIR} is up to date (${generated.files.size - 1} configs)`);
      for (const d of differences) console.log(`gen:acceptance: ${d}`);
      return differences.length === 0 ? 0 : 1;
    }
    await rm(corpusDir, { recursive: true, force: true });
    await mkdir(corpusDir, { recursive: true });
    for (const [name, content] of generated.files) await writeFile(join(corpusDir, name), content);
    console.log(
      `gen:acceptance: wrote ${generated.files.size - 1} configs to ${CORPUS_DIR} (${differences.length} files changed)`,
    );
  }
  if (args.includes("--update-expectations")) {
    const run = await execa("npx", ["vitest", "run", "test/acceptance/corpus.test.ts"], {
      cwd: root,
      env: { ACCEPTANCE_UPDATE_EXPECTATIONS: "1" },
      stdio: "inherit",
      reject: false,
    });
    return run.exitCode ?? 1;
  }
  return 0;
}

/** The files that differ between `dir` and `files` (added, removed or changed). */
async function compare(dir: string, files: ReadonlyMap<string, string>): Promise<string[]> {
  const present = existsSync(dir) ? await readdir(dir) : [];
  const out: string[] = [];
  for (const name of present) if (!files.has(name)) out.push(`${name} would be removed`);
  for (const [name, content] of files) {
    if (!present.includes(name)) out.push(`${name} would be added`);
    else if ((await readFile(join(dir, name), "utf8")) !== content) out.push(`${name} would change`);
  }
  return out;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`gen:acceptance: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
